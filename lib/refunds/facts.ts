import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
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
import { unusableFindings } from "@/lib/quality/verdict";
import { oneRow } from "@/lib/sql/one-row";
import { limitPeriodDays, type PolicyFacts } from "./policy";

type Subject = Generation & Pick<PolicyFacts["generation"], "status" | "featureName" | "decisionMode">;

/**
 * Locks the customer row, so that one customer's reports are decided one after another and the limits
 * count every earlier report exactly. NO KEY UPDATE leaves rows that merely reference the customer,
 * such as a new generation, free to be written meanwhile.
 */
async function lockedCustomer(tx: Executor, customerId: string) {
  const [customer] = await tx
    .select({ suspendedAt: customers.suspendedAt, signedUpAt: customers.signedUpAt, frozenAt: customers.frozenAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for("no key update");
  if (!customer) throw new Error(`customer ${customerId} of a generation does not exist`);
  // Refused, not decided: a frozen customer's report is not recorded at all.
  if (customer.frozenAt) throw accountFrozen();
  return customer;
}

async function eligibilityOf(tx: Executor, featureKey: string): Promise<PolicyFacts["eligibility"]> {
  const [platforms, contexts] = await Promise.all([
    tx
      .select({ platform: featureEligibility.platform, eligible: featureEligibility.eligible })
      .from(featureEligibility)
      .where(eq(featureEligibility.featureKey, featureKey)),
    tx.select().from(contextEligibility),
  ]);
  return {
    platforms: Object.fromEntries(platforms.map((row) => [row.platform, row.eligible])),
    contexts: Object.fromEntries(contexts.map((row) => [row.context, row.eligible])),
  };
}

/** Credits refunded and credits spent since a moment: the refunded-share rule's two numbers. */
export async function refundedAndSpent(tx: Executor, customerId: string, since: Date) {
  const rows = await tx
    .select({
      refunded: sql<number>`coalesce(sum(${transfers.amount}) filter (where ${transfers.kind} = 'refund'), 0)::bigint`,
      spent: sql<number>`coalesce(sum(${transfers.amount}) filter (where ${transfers.kind} = 'capture'), 0)::bigint`,
    })
    .from(transfers)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, transfers.customerAccountId))
    .where(
      and(
        eq(ledgerAccounts.customerId, customerId),
        inArray(transfers.kind, ["refund", "capture"]),
        gte(transfers.createdAt, since),
      ),
    );
  const credits = oneRow(rows, "refunded and spent credits");
  return { refundedCredits: Number(credits.refunded), spentCredits: Number(credits.spent) };
}

async function recentActivity(tx: Executor, customerId: string, since: Date) {
  const [requests, credits] = await Promise.all([
    tx
      .select({ count: sql<number>`count(*)::int` })
      .from(refundRequests)
      // The limits are on "Bad result" reports; asking for a purchase's money back is not one.
      .where(
        and(
          eq(refundRequests.customerId, customerId),
          eq(refundRequests.kind, "generation"),
          gte(refundRequests.createdAt, since),
        ),
      ),
    refundedAndSpent(tx, customerId, since),
  ]);
  return { requests: oneRow(requests, "recent refund request count").count, ...credits };
}

/** What the generation's success took from the customer: the most a refund of it can return. */
export async function capturedCredits(tx: Executor, generationId: string): Promise<number> {
  const captured = await tx
    .select({ amount: sql<number>`coalesce(sum(${transfers.amount}), 0)::bigint` })
    .from(transfers)
    .where(and(eq(transfers.generationId, generationId), eq(transfers.kind, "capture")));
  return Number(oneRow(captured, "captured credits").amount);
}

async function qualityFindings(tx: Executor, generationId: string): Promise<string[]> {
  const [check] = await tx.select().from(qualityChecks).where(eq(qualityChecks.generationId, generationId));
  return unusableFindings(check ?? null);
}

/** Downloaded by its owner, and afterwards the input of another of their generations. */
async function downloadedThenUsed(tx: Executor, generation: Generation): Promise<boolean> {
  if (!generation.downloadedAt || !generation.outputUrl) return false;
  const [later] = await tx
    .select({ id: generations.id })
    .from(generations)
    .where(
      and(
        eq(generations.customerId, generation.customerId),
        eq(generations.inputUrl, generation.outputUrl),
        gte(generations.createdAt, generation.downloadedAt),
      ),
    )
    .limit(1);
  return later !== undefined;
}

/** Everything the policy needs to know, read inside the submitting transaction. */
export async function gatherFacts(
  tx: Executor,
  subject: Subject,
  policy: PolicyInForce,
  now: Date,
): Promise<PolicyFacts> {
  const since = new Date(now.getTime() - limitPeriodDays * 24 * 3_600_000);
  const customer = await lockedCustomer(tx, subject.customerId);
  const [eligibility, recent, captured, findings, usedDownstream] = await Promise.all([
    eligibilityOf(tx, subject.featureKey),
    recentActivity(tx, subject.customerId, since),
    capturedCredits(tx, subject.id),
    qualityFindings(tx, subject.id),
    policy.refundRules.denyDownloadedThenUsed ? downloadedThenUsed(tx, subject) : Promise.resolve(null),
  ]);
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
      capturedCredits: captured,
    },
    eligibility,
    customer: { suspended: customer.suspendedAt !== null, signedUpAt: customer.signedUpAt },
    recent,
    unusableFindings: findings,
    downloadedThenUsed: usedDownstream,
  };
}
