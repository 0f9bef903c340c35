import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";

/** The credit account a signed-in person acts on; staff have none. */
export function ownCustomerId(user: CurrentUser): string {
  if (!user.customerId) throw new DomainError("auth.forbidden", "Only customers have credits and generations.");
  return user.customerId;
}
