import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Transaction } from "@/db/client";
import type { Role } from "@/db/enums";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { staffRoles } from "@/lib/auth/roles.shared";
import { DomainError } from "@/lib/errors";

export type StaffRole = Exclude<Role, "customer">;

export type StaffMember = Pick<User, "id" | "name" | "email" | "createdAt" | "disabledAt"> & { role: StaffRole };

const shown = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

/** Ends every open session of the account: sessions carry the version they were issued with. */
const nextSessionVersion = sql`${users.sessionVersion} + 1`;

export async function listStaff(): Promise<StaffMember[]> {
  const rows = await db
    .select(shown)
    .from(users)
    .where(inArray(users.role, [...staffRoles]))
    .orderBy(asc(users.role), asc(users.name), asc(users.email));
  return rows as StaffMember[];
}

export type NewStaff = { name: string; email: string; password: string; role: StaffRole };

/** The admin chose the first password, so the new member replaces it with their own at first sign-in. */
export async function createStaff(actor: CurrentUser, input: NewStaff): Promise<StaffMember> {
  // Hashing is slow on purpose, so it happens before the transaction holds anything.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // ON CONFLICT rather than a prior lookup, so two simultaneous creations of one email cannot both pass.
    const [created] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, role: input.role, mustChangePassword: true })
      .onConflictDoNothing({ target: users.email })
      .returning(shown);
    if (!created) throw new DomainError("staff.email_taken", "Someone already signs in with this email.", "email");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "staff.created",
      targetType: "user",
      targetId: created.id,
      after: { name: created.name, email: created.email, role: created.role },
    });
    return created as StaffMember;
  });
}

/**
 * Locks every enabled admin and then the target, in that order whatever the change, so that two
 * admins changing each other queue up here and the second one counts what the first one left.
 */
async function lockedForChange(tx: Transaction, userId: string) {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .for("update");
  const [target] = await tx.select(shown).from(users).where(eq(users.id, userId)).for("update");
  if (!target || target.role === "customer") throw new DomainError("staff.not_found", "No staff member has this id.");
  const lastAdmin = target.role === "admin" && !target.disabledAt && admins.length <= 1;
  return { target: target as StaffMember, lastAdmin };
}

export async function changeStaffRole(actor: CurrentUser, userId: string, role: StaffRole): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const { target, lastAdmin } = await lockedForChange(tx, userId);
    if (target.role === role) return target;
    if (lastAdmin) {
      throw new DomainError(
        "staff.last_admin",
        "This is the last admin: make someone else an admin before changing this role.",
        "role",
      );
    }
    const [changed] = await tx
      .update(users)
      .set({ role, sessionVersion: nextSessionVersion })
      .where(eq(users.id, userId))
      .returning(shown);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "staff.role_changed",
      targetType: "user",
      targetId: userId,
      before: { role: target.role },
      after: { role },
    });
    return changed as StaffMember;
  });
}

/**
 * Disables a staff account, which can then no longer sign in and whose open sessions end at once, or
 * enables it again. Asking for the state it is already in changes nothing and records nothing.
 */
export async function setStaffDisabled(actor: CurrentUser, userId: string, disabled: boolean): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const { target, lastAdmin } = await lockedForChange(tx, userId);
    if (Boolean(target.disabledAt) === disabled) return target;
    if (disabled && target.id === actor.id) {
      throw new DomainError("staff.own_account", "You cannot disable your own account.");
    }
    if (disabled && lastAdmin) {
      throw new DomainError(
        "staff.last_admin",
        "This is the last admin: make someone else an admin before disabling them.",
      );
    }
    const [changed] = await tx
      .update(users)
      .set(disabled ? { disabledAt: new Date(), sessionVersion: nextSessionVersion } : { disabledAt: null })
      .where(eq(users.id, userId))
      .returning(shown);
    await recordAudit(tx, {
      actorId: actor.id,
      action: disabled ? "staff.disabled" : "staff.enabled",
      targetType: "user",
      targetId: userId,
      before: { disabledAt: target.disabledAt },
      after: { disabledAt: changed!.disabledAt },
    });
    return changed as StaffMember;
  });
}
