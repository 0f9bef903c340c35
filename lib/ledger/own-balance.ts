import "server-only";
import { db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { customerBalance, type Balance } from "./accounts";

export function ownBalance(user: CurrentUser): Promise<Balance> {
  return customerBalance(db, ownCustomerId(user));
}
