import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { db } from "@/db/client";
import { users, type User } from "@/db/schema";
import { sessionUserId } from "./session";

export type CurrentUser = Pick<User, "id" | "name" | "email" | "role" | "customerId">;

export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const id = await sessionUserId();
  if (!id) return null;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, customerId: users.customerId })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return user ?? null;
});
