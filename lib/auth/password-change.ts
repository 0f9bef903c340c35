import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { DomainError } from "@/lib/errors";
import type { CurrentUser } from "./current-user";
import { hashPassword, verifyPassword } from "./password";

const wrongPassword = () =>
  new DomainError("auth.wrong_password", "That is not your current password.", "currentPassword");

/**
 * Replaces the signed-in person's password after checking the current one. The session version moves
 * on with it, which ends every session issued before: the caller signs the current browser in again.
 */
export async function changeOwnPassword(user: CurrentUser, current: string, next: string): Promise<void> {
  if (next === current) {
    throw new DomainError("auth.same_password", "Choose a password different from your current one.", "newPassword");
  }
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  const checkedHash = row?.passwordHash;
  if (!checkedHash || !(await verifyPassword(current, checkedHash))) throw wrongPassword();
  // Hashing is slow on purpose, so it happens before the transaction holds anything.
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    // Only over the hash just checked: a change that landed meanwhile makes the current password wrong.
    const [changed] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, checkedHash)))
      .returning({ id: users.id });
    if (!changed) throw wrongPassword();
    await recordAudit(tx, { actorId: user.id, action: "user.password_changed", targetType: "user", targetId: user.id });
  });
}
