import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { cache } from "react";
import { db } from "@/db/client";
import { users, type User } from "@/db/schema";
import { sessionClaims } from "./session";

export type CurrentUser = Pick<User, "id" | "name" | "email" | "role" | "customerId">;

/** Staff an admin created must choose their own password before anything else. */
export type SignedInUser = CurrentUser & Pick<User, "mustChangePassword">;

/**
 * The signed-in user as the database has them now, or null. A session made before the account's
 * last disable, role change or password change carries an older version and counts as signed out,
 * and so does any session of a disabled account.
 */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      customerId: users.customerId,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(and(eq(users.id, claims.userId), eq(users.sessionVersion, claims.version), isNull(users.disabledAt)))
    .limit(1);
  return user ?? null;
});
