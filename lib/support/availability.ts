import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import type { Availability } from "@/db/enums";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { staffRoles } from "@/lib/auth/roles.shared";

export async function setAvailability(actor: CurrentUser, availability: Availability): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ availability: users.availability })
      .from(users)
      .where(eq(users.id, actor.id))
      .for("update");
    if (before?.availability === availability) return;
    await tx.update(users).set({ availability }).where(eq(users.id, actor.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "staff.availability_changed",
      targetType: "user",
      targetId: actor.id,
      before,
      after: { availability },
    });
  });
}

export type TeamMember = { id: string; name: string | null; email: string; role: string; availability: Availability };

export async function supportTeam(): Promise<TeamMember[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, availability: users.availability })
    .from(users)
    .where(inArray(users.role, [...staffRoles]))
    .orderBy(asc(users.availability), asc(users.name));
}
