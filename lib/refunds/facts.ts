import "server-only";
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  contextEligibility,
  customers,
  featureEligibility,
  generations,
  ledgerAccounts,
  qualityChecks,
  refundRequests,
  transfers,
  type Generation,
} from "@/db/schema";
import { accountFrozen } from "@/lib/errors";
import type { PolicyInForce } from "@/lib/policy/versions";
import { unusableFindings, type QualityCheckLike } from "@/lib/quality/verdict";
import { oneRow } from "@/lib/sql/one-row";
import { renderedOnce, type ValueOf } from "@/lib/sql/rendered-once";
import { columnList, rowOf } from "@/lib/sql/table-rows";
import { limitPeriodDays, type PolicyFacts } from "./policy";

type Subject = Generation & Pick<PolicyFacts["generation"], "status" | "featureName" | "decisionMode">;

/** A value of a statement: given, or a placeholder for a statement rendered once. */
type Value = string | Placeholder;

/** Credits refunded and credits spent since a moment (as text), as a query: the refunded-share rule's two numbers. */
function refundedAndSpentQuery(customerId: Value, since: Value) {
  return sql`select coalesce(sum(${transfers.amount}) filter (where ${transfers.kind} = 'refund'), 0)::bigint as refunded,
      coalesce(sum(${transfers.amount}) filter (where ${transfers.kind} = 'capture'), 0)::bigint as spent
    from ${transfers} join ${ledgerAccounts} on ${ledgerAccounts.id} = ${transfers.customerAccountId}
    where ${ledgerAccounts.customerId} = ${customerId} and ${transfers.kind} in ('refund', 'capture')
      and ${transfers.createdAt} >= ${since}::timestamptz`;
}

export async function refundedAndSpent(tx: Executor, customerId: string, since: Date) {
  const credits = oneRow(
    await tx.execute<{ refunded: string; spent: string }>(refundedAndSpentQuery(customerId, since.toISOString())),
    "refunded and spent credits",
  );
  return { refundedCredits: Number(credits.refunded), spentCredits: Number(credits.spent) };
}

/** What the generation's success took from the customer, as a subquery: the most a refund of it can return. */
function capturedCreditsSql(generationId: Value) {
  return sql`(select coalesce(sum(${transfers.amount}), 0)::bigint from ${transfers}
    where ${transfers.generationId} = ${generationId} and ${transfers.kind} = 'capture')`;
}

export async function capturedCredits(tx: Executor, generationId: string): Promise<number> {
  const rows = await tx.execute<{ amount: string }>(sql`select ${capturedCreditsSql(generationId)} as amount`);
  return Number(oneRow(rows, "captured credits").amount);
}

type FactsValues = {
  customerId: string;
  generationId: string;
  featureKey: string;
  since: string;
  outputUrl: string | null;
  downloadedAt: string | null;
};

/**
 * Downloaded by its owner, and afterwards the input of another of their generations, as a condition;
 * null when the admin setting is off and nobody looks, false when it was never downloaded.
 */
const downloadedThenUsed = {
  off: () => sql`null::boolean`,
  never: () => sql`false`,
  checked: (value: ValueOf<FactsValues>) => sql`exists (select from ${generations}
    where ${generations.customerId} = ${value("customerId")} and ${generations.inputUrl} = ${value("outputUrl")}
      and ${generations.createdAt} >= ${value("downloadedAt")}::timestamptz)`,
};

function downloadedThenUsedCase(
  { outputUrl, downloadedAt }: Generation,
  policy: PolicyInForce,
): keyof typeof downloadedThenUsed {
  if (!policy.refundRules.denyDownloadedThenUsed) return "off";
  return downloadedAt && outputUrl ? "checked" : "never";
}

type FactsRow = {
  platforms: Record<string, boolean>;
  contexts: Record<string, boolean>;
  requests: number;
  refunded: string;
  spent: string;
  captured: string;
  downloadedThenUsed: boolean | null;
} & { [Field in keyof QualityCheckLike]: QualityCheckLike[Field] | null };

/** The policy's facts in one statement, one for each way of telling whether a download was used. */
function factsStatement(downloadCheck: (value: ValueOf<FactsValues>) => SQL) {
  return renderedOnce<FactsRow, FactsValues>(
    (value) => sql`
    select (select coalesce(json_object_agg(${featureEligibility.platform}, ${featureEligibility.eligible}), '{}')
        from ${featureEligibility} where ${featureEligibility.featureKey} = ${value("featureKey")}) as platforms,
      (select coalesce(json_object_agg(${contextEligibility.context}, ${contextEligibility.eligible}), '{}')
        from ${contextEligibility}) as contexts,
      (select count(*)::int from ${refundRequests} where ${refundRequests.customerId} = ${value("customerId")}
        and ${refundRequests.kind} = 'generation'
        and ${refundRequests.createdAt} >= ${value("since")}::timestamptz) as requests,
      recent.refunded, recent.spent,
      ${capturedCreditsSql(value("generationId"))} as captured,
      ${qualityChecks.status} as status, ${qualityChecks.decodes} as decodes, ${qualityChecks.uniform} as uniform,
      ${qualityChecks.width} as width, ${qualityChecks.height} as height,
      ${qualityChecks.expectedWidth} as "expectedWidth", ${qualityChecks.expectedHeight} as "expectedHeight",
      ${downloadCheck(value)} as "downloadedThenUsed"
    from (${refundedAndSpentQuery(value("customerId"), value("since"))}) as recent
      left join ${qualityChecks} on ${qualityChecks.generationId} = ${value("generationId")}
  `,
  );
}

const factsStatements = {
  off: factsStatement(downloadedThenUsed.off),
  never: factsStatement(downloadedThenUsed.never),
  checked: factsStatement(downloadedThenUsed.checked),
};

export type LockedCustomer = { suspendedAt: Date | null; signedUpAt: Date; frozenAt: Date | null };

const lockStatement = renderedOnce<Record<string, unknown>, { customerId: string }>(
  (value) => sql`select ${sql.raw(columnList(customers, "c"))} from ${customers} c
    where c.id = ${value("customerId")} for no key update`,
);

/**
 * Locks the customer row, so that one customer's reports are decided one after another and the limits
 * count every earlier report exactly. NO KEY UPDATE leaves rows that merely reference the customer,
 * such as a new generation, free to be written meanwhile. It reads nothing the policy needs: the facts
 * are read by a later statement, whose snapshot is taken after the lock is granted and so sees the
 * reports decided while it waited. Undefined when there is no such customer.
 */
export async function lockCustomer(tx: Executor, customerId: string): Promise<LockedCustomer | undefined> {
  const [row] = await lockStatement(tx, { customerId });
  return row && rowOf(customers, row);
}

/** The locked owner of a generation being reported; refused, not decided, when frozen: its report is not recorded at all. */
export function unfrozen(customer: LockedCustomer | undefined, customerId: string): LockedCustomer {
  if (!customer) throw new Error(`customer ${customerId} of a generation does not exist`);
  if (customer.frozenAt) throw accountFrozen();
  return customer;
}

/**
 * Everything the policy needs to know, read inside the submitting transaction in one statement, once
 * the customer is locked. The limits are on "Bad result" reports; asking for a purchase's money back is
 * not one.
 */
export async function gatherFacts(
  tx: Executor,
  subject: Subject,
  customer: LockedCustomer,
  policy: PolicyInForce,
  now: Date,
): Promise<PolicyFacts> {
  const since = new Date(now.getTime() - limitPeriodDays * 24 * 3_600_000);
  const values: FactsValues = {
    customerId: subject.customerId,
    generationId: subject.id,
    featureKey: subject.featureKey,
    since: since.toISOString(),
    outputUrl: subject.outputUrl,
    downloadedAt: subject.downloadedAt?.toISOString() ?? null,
  };
  const row = oneRow(await factsStatements[downloadedThenUsedCase(subject, policy)](tx, values), "policy facts");
  return {
    now,
    settings: { version: policy.version, ...policy.refundRules },
    generation: {
      status: subject.status,
      createdAt: subject.createdAt,
      featureName: subject.featureName,
      platform: subject.platform,
      context: subject.context,
      decisionMode: subject.decisionMode,
      capturedCredits: Number(row.captured),
    },
    eligibility: { platforms: row.platforms, contexts: row.contexts },
    customer: { suspended: customer.suspendedAt !== null, signedUpAt: customer.signedUpAt },
    recent: { requests: row.requests, refundedCredits: Number(row.refunded), spentCredits: Number(row.spent) },
    // A generation without a check row has a null status here.
    unusableFindings: unusableFindings(row.status === null ? null : (row as QualityCheckLike)),
    downloadedThenUsed: row.downloadedThenUsed,
  };
}
