import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import type { Role } from "@/db/enums";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { staffRoles } from "@/lib/auth/roles.shared";
import { DomainError } from "@/lib/errors";

export type StaffRole = Exclude<Role, "customer">;

export type StaffMember = Pick<User, "id" | "name" | "email" | "createdAt"> & { role: StaffRole };

const shown = { id: users.id, name: users.name, email: users.email, role: users.role, createdAt: users.createdAt };

export async function listStaff(): Promise<StaffMember[]> {
  const rows = await db
    .select(shown)
    .from(users)
    .where(inArray(users.role, [...staffRoles]))
    .orderBy(asc(users.role), asc(users.name), asc(users.email));
  return rows as StaffMember[];
}

export type NewStaff = { name: string; email: string; password: string; role: StaffRole };

export async function createStaff(actor: CurrentUser, input: NewStaff): Promise<StaffMember> {
  // Hashing is slow on purpose, so it happens before the transaction holds anything.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // ON CONFLICT rather than a prior lookup, so two simultaneous creations of one email cannot both pass.
    const [created] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, role: input.role })
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

export async function changeStaffRole(actor: CurrentUser, userId: string, role: StaffRole): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    // Every admin row is locked before counting, so two admins demoting each other queue up here
    // and the second one counts what the first one left.
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("update");
    const [target] = await tx.select(shown).from(users).where(eq(users.id, userId)).for("update");
    if (!target || target.role === "customer") {
      throw new DomainError("staff.not_found", "No staff member has this id.");
    }
    if (target.role === role) return target as StaffMember;
    if (target.role === "admin" && admins.length <= 1) {
      throw new DomainError(
        "staff.last_admin",
        "This is the last admin: make someone else an admin before changing this role.",
        "role",
      );
    }
    const [changed] = await tx.update(users).set({ role }).where(eq(users.id, userId)).returning(shown);
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
