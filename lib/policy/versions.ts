import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { refundPolicies, users, type PolicyVersionRow } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import type { PurchaseRules } from "@/lib/purchases/refund-policy";
import type { RefundRules } from "@/lib/refunds/policy";
import { oneRow } from "@/lib/sql/one-row";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { columnList, rowOf } from "@/lib/sql/table-rows";

/**
 * The versioned settings admins edit at /admin/policy. Every save is a new version; the newest is in
 * force, and each refund request records the version that decided it. Besides the "Bad result" rules, a
 * version holds the purchase refund rules, and how support and the ledger operate, which are not refund rules.
 */

export type OperationsSettings = {
  /** How long an agent holds a request they claimed. */
  claimLeaseMinutes: number;
  /** How long a generation's hold waits for its outcome before it is released. */
  holdExpiryMinutes: number;
};

export type PolicySettings = RefundRules & PurchaseRules & OperationsSettings;

export type PolicyInForce = {
  version: number;
  note: string;
  refundRules: RefundRules;
  purchaseRules: PurchaseRules;
  operations: OperationsSettings;
};

export type PolicyVersion = PolicySettings & {
  version: number;
  note: string;
  authorName: string | null;
  createdAt: Date;
};

function refundRulesOf(row: PolicyVersionRow): RefundRules {
  return {
    windowHours: row.windowHours,
    minDetailsLength: row.minDetailsLength,
    softLimitRequests: row.softLimitRequests,
    hardLimitRequests: row.hardLimitRequests,
    refundedSharePercent: row.refundedSharePercent,
    minAccountAgeHours: row.minAccountAgeHours,
    slaHours: row.slaHours,
    denyDownloadedThenUsed: row.denyDownloadedThenUsed,
  };
}

function purchaseRulesOf(row: PolicyVersionRow): PurchaseRules {
  return {
    purchaseRefundWindowDays: row.purchaseRefundWindowDays,
    dayPassSubstantialUse: row.dayPassSubstantialUse,
    duplicateWindowHours: row.duplicateWindowHours,
  };
}

function operationsOf(row: PolicyVersionRow): OperationsSettings {
  return { claimLeaseMinutes: row.claimLeaseMinutes, holdExpiryMinutes: row.holdExpiryMinutes };
}

function settingsOf(row: PolicyVersionRow): PolicySettings {
  return { ...refundRulesOf(row), ...purchaseRulesOf(row), ...operationsOf(row) };
}

const noPolicy = () => new Error("no policy version exists; run the migrations");

const newestStatement = renderedOnce<Record<string, unknown>, Record<string, never>>(
  () =>
    sql`select ${sql.raw(columnList(refundPolicies, "p"))} from ${refundPolicies} p order by p.version desc limit 1`,
);

async function newestRow(executor: Executor): Promise<PolicyVersionRow> {
  const [row] = await newestStatement(executor, {});
  if (!row) throw noPolicy();
  return rowOf(refundPolicies, row);
}

/** The hold expiry of the version in force, as a subquery, for a statement that reads other things too. */
export const holdExpiryMinutesInForce = sql<number>`(select ${refundPolicies.holdExpiryMinutes} from ${refundPolicies} order by ${refundPolicies.version} desc limit 1)`;

/** The version in force: the newest. A migration creates version 1 with the defaults. */
export async function policyInForce(executor: Executor = db): Promise<PolicyInForce> {
  const row = await newestRow(executor);
  return {
    version: row.version,
    note: row.note,
    refundRules: refundRulesOf(row),
    purchaseRules: purchaseRulesOf(row),
    operations: operationsOf(row),
  };
}

/** Every version, newest (the one in force) first. */
export async function policyHistory(): Promise<[PolicyVersion, ...PolicyVersion[]]> {
  const rows = await db
    .select({ policy: refundPolicies, authorName: sql<string | null>`coalesce(${users.name}, ${users.email})` })
    .from(refundPolicies)
    .leftJoin(users, eq(users.id, refundPolicies.authorId))
    .orderBy(desc(refundPolicies.version));
  const [newest, ...older] = rows.map(({ policy, authorName }) => ({
    ...settingsOf(policy),
    version: policy.version,
    note: policy.note,
    authorName,
    createdAt: policy.createdAt,
  }));
  if (!newest) throw noPolicy();
  return [newest, ...older];
}

/**
 * Saves the settings as a new version with its audit event. The table lock serialises saves (refund
 * requests only read, and are not blocked), so each event's "before" is the version it replaced.
 */
export async function savePolicy(actor: CurrentUser, settings: PolicySettings, note: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${refundPolicies} IN SHARE ROW EXCLUSIVE MODE`);
    const current = await newestRow(tx);
    const before = settingsOf(current);
    const changed = (Object.keys(before) as (keyof PolicySettings)[]).filter((key) => before[key] !== settings[key]);
    if (changed.length === 0) {
      throw new DomainError("policy.unchanged", "Nothing has changed: change a setting before saving a new version.");
    }
    const saved = oneRow(
      await tx
        .insert(refundPolicies)
        .values({ ...settings, note, authorId: actor.id })
        .returning({ version: refundPolicies.version }),
      "saved policy version",
    );
    const only = (source: PolicySettings) => Object.fromEntries(changed.map((key) => [key, source[key]]));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "policy.changed",
      targetType: "refund_policy",
      targetId: String(saved.version),
      before: { version: current.version, ...only(before) },
      after: { version: saved.version, ...only(settings), note },
    });
    return saved.version;
  });
}
