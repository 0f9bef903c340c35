import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { refundPolicies, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { currentPolicy } from "@/lib/refunds/settings";
import { settingKeys, type PolicySettings } from "./policy-settings";

export type PolicyVersion = PolicySettings & { version: number; note: string; authorName: string | null; createdAt: Date };

/** Every version, newest (the one in force) first. */
export async function policyHistory(): Promise<PolicyVersion[]> {
  const rows = await db
    .select({ policy: refundPolicies, authorName: sql<string | null>`coalesce(${users.name}, ${users.email})` })
    .from(refundPolicies)
    .leftJoin(users, eq(users.id, refundPolicies.authorId))
    .orderBy(desc(refundPolicies.version));
  return rows.map(({ policy, authorName }) => ({
    ...pick(policy),
    version: policy.version,
    note: policy.note,
    authorName,
    createdAt: policy.createdAt,
  }));
}

function pick(settings: PolicySettings): PolicySettings {
  return Object.fromEntries(settingKeys.map((key) => [key, settings[key]])) as PolicySettings;
}

/**
 * Saves the settings as a new version with its audit event. The table lock serialises saves (refund
 * requests only read, and are not blocked), so each event's "before" is the version it replaced.
 */
export async function savePolicy(actor: CurrentUser, settings: PolicySettings, note: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${refundPolicies} IN SHARE ROW EXCLUSIVE MODE`);
    const current = await currentPolicy(tx);
    const changed = settingKeys.filter((key) => current[key] !== settings[key]);
    if (changed.length === 0) {
      throw new DomainError("policy.unchanged", "Nothing has changed: change a setting before saving a new version.");
    }
    const [saved] = await tx
      .insert(refundPolicies)
      .values({ ...settings, note, authorId: actor.id })
      .returning({ version: refundPolicies.version });
    const only = (source: PolicySettings) => Object.fromEntries(changed.map((key) => [key, source[key]]));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "policy.changed",
      targetType: "refund_policy",
      targetId: String(saved!.version),
      before: { version: current.version, ...only(current) },
      after: { version: saved!.version, ...only(settings), note },
    });
    return saved!.version;
  });
}
