import "server-only";
import { and, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { PurchaseRefundReason, RequestSource } from "@/db/enums";
import {
  customers,
  generations,
  ledgerAccounts,
  products,
  providerRefunds,
  purchases,
  refundRequests,
  type Purchase,
} from "@/db/schema";
import { serializePurchase, serializePurchaseRefundRequest } from "@/lib/api/serializers";
import { recordAudit } from "@/lib/audit/record";
import { accountFrozen, DomainError, notFound } from "@/lib/errors";
import { money } from "@/lib/format/money.shared";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { balanceOf } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";
import { notifyCustomer } from "@/lib/notifications/notify";
import { policyInForce, type PolicyInForce } from "@/lib/policy/versions";
import { policyDecisionColumns } from "@/lib/refunds/policy-decision-columns";
import { purchaseRequestOf, type PurchaseRefundRequest } from "@/lib/refunds/request-kinds";
import { checkedDetails } from "@/lib/refunds/service";
import { oneRow } from "@/lib/sql/one-row";
import { together } from "@/lib/sql/together";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { dayPassHours, decidePurchaseRefund, type PurchaseRefundFacts } from "./refund-policy";

export type PurchaseRefundAsk = {
  purchaseId: string;
  customerId: string;
  reason: PurchaseRefundReason;
  details: string;
  source: RequestSource;
  /** The signed-in person who asked; null when a host backend asked through the API. */
  actorId: string | null;
};

/** A purchase under the locks that make deciding its refund safe, with what the rules read beside it. */
export type LockedPurchase = {
  purchase: Purchase;
  productName: string;
  suspended: boolean;
  /** The customer's available credits, which cannot change before the transaction ends. */
  available: number;
};

const hourMs = 3_600_000;

/**
 * Locks the customer row, so that one customer's requests are decided one after another (the same lock
 * a "Bad result" report takes), then their ledger account, so that the balance an approval reverses
 * from cannot move until it commits. Another customer's purchase is as missing as one that does not
 * exist; a frozen customer is refused before anything is written.
 */
export async function lockPurchase(tx: Executor, purchaseId: string, customerId: string): Promise<LockedPurchase> {
  const [customer] = await tx
    .select({ suspendedAt: customers.suspendedAt, frozenAt: customers.frozenAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for("no key update");
  const [found] = customer
    ? await tx
        .select({ purchase: purchases, productName: products.name })
        .from(purchases)
        .innerJoin(products, eq(products.key, purchases.productKey))
        .where(and(eq(purchases.id, purchaseId), eq(purchases.customerId, customerId)))
        .for("update", { of: purchases })
    : [];
  if (!customer || !found) throw notFound("purchase", purchaseId);
  if (customer.frozenAt) throw accountFrozen();
  const [account] = await tx
    .select({ posted: ledgerAccounts.posted, held: ledgerAccounts.held })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.customerId, customerId))
    .for("update");
  if (!account) throw notFound("purchase", purchaseId);
  return { ...found, suspended: customer.suspendedAt !== null, available: balanceOf(account).available };
}

/** Credits taken by the customer's generations started since the purchase: captured, or still held. */
export async function creditsUsedSince(tx: Executor, purchase: Purchase): Promise<number> {
  const rows = await tx
    .select({ used: sql<number>`coalesce(sum(${generations.cost}), 0)::int` })
    .from(generations)
    .where(
      and(
        eq(generations.customerId, purchase.customerId),
        gte(generations.createdAt, purchase.purchasedAt),
        inArray(generations.status, ["running", "succeeded"]),
      ),
    );
  return oneRow(rows, "credits used since the purchase").used;
}

/** The hours a day pass lasts, from its purchase. */
export function passPeriod(purchase: Purchase): { from: Date; to: Date } {
  return { from: purchase.purchasedAt, to: new Date(purchase.purchasedAt.getTime() + dayPassHours * hourMs) };
}

async function dayPassUses(tx: Executor, purchase: Purchase): Promise<PurchaseRefundFacts["dayPassUses"]> {
  if (purchase.kind !== "day_pass") return null;
  const { from, to } = passPeriod(purchase);
  const mine = eq(generations.customerId, purchase.customerId);
  const rows = await tx
    .select({
      generations: sql<number>`count(*) filter (where ${and(eq(generations.status, "succeeded"), gte(generations.createdAt, from), lt(generations.createdAt, to))})::int`,
      downloads: sql<number>`count(*) filter (where ${and(isNotNull(generations.downloadedAt), gte(generations.downloadedAt, from), lt(generations.downloadedAt, to))})::int`,
    })
    .from(generations)
    .where(mine);
  return oneRow(rows, "day pass uses");
}

async function gatherFacts(
  tx: Executor,
  locked: LockedPurchase,
  policy: PolicyInForce,
  now: Date,
): Promise<PurchaseRefundFacts> {
  const { purchase } = locked;
  const [usedSince, uses] = await together(creditsUsedSince(tx, purchase), dayPassUses(tx, purchase));
  return {
    now,
    settings: { version: policy.version, slaHours: policy.refundRules.slaHours, ...policy.purchaseRules },
    purchase: {
      productName: locked.productName,
      kind: purchase.kind,
      amount: purchase.amount,
      currency: purchase.currency,
      credits: purchase.credits,
      creditsReversed: purchase.creditsReversed,
      moneyRefunded: purchase.moneyRefunded,
      purchasedAt: purchase.purchasedAt,
      renewal: purchase.renewal,
      cancelRequestedAt: purchase.cancelRequestedAt,
      possibleDuplicate: purchase.duplicateOf !== null,
    },
    customer: { suspended: locked.suspended },
    available: locked.available,
    creditsUsedSince: usedSince,
    dayPassUses: uses,
  };
}

async function refuseSecond(tx: Executor, purchaseId: string): Promise<void> {
  const [existing] = await tx
    .select({ id: refundRequests.id })
    .from(refundRequests)
    .where(eq(refundRequests.purchaseId, purchaseId));
  if (existing) {
    // The existing request's id lets a host that timed out on the first request read its decision.
    throw new DomainError("refund.duplicate", "A refund of this purchase has already been requested.", undefined, {
      details: { requestId: existing.id },
    });
  }
}

function purchaseStatusAfter(purchase: Purchase, creditsReversed: number, moneyRefunded: number): Purchase["status"] {
  if (moneyRefunded >= purchase.amount) return "refunded";
  return creditsReversed > 0 || moneyRefunded > 0 ? "partially_refunded" : purchase.status;
}

/**
 * What an approved purchase refund does, in the approving transaction: one `purchase_reversal` of the
 * request's credits (none when there is nothing left to take back), the purchase's refunded figures, the
 * provider refund of its money as a row and a job (the provider is only called from the job), and the
 * `purchase.refunded` event. Each is once per request, by key or by unique constraint.
 */
export async function approvePurchaseRefund(
  tx: Executor,
  request: PurchaseRefundRequest,
  purchase: Purchase,
  { full }: { full: boolean },
): Promise<Purchase> {
  const creditsReversed = request.creditsReversed ?? 0;
  const moneyRefunded = request.moneyRefunded ?? 0;
  if (creditsReversed > 0) {
    await recordTransfer(tx, {
      kind: "purchase_reversal",
      idempotencyKey: `purchase_reversal:${request.id}`,
      customerId: purchase.customerId,
      amount: creditsReversed,
      purchaseId: purchase.id,
      memo: request.decisionCode ?? undefined,
      actorId: request.deciderId ?? undefined,
    });
  }
  const updated = oneRow(
    await tx
      .update(purchases)
      .set({
        creditsReversed: sql`${purchases.creditsReversed} + ${creditsReversed}`,
        moneyRefunded: sql`${purchases.moneyRefunded} + ${moneyRefunded}`,
        status: purchaseStatusAfter(
          purchase,
          purchase.creditsReversed + creditsReversed,
          purchase.moneyRefunded + moneyRefunded,
        ),
      })
      .where(eq(purchases.id, purchase.id))
      .returning(),
    "refunded purchase",
  );
  if (moneyRefunded > 0) {
    const refund = oneRow(
      await tx
        .insert(providerRefunds)
        .values({
          purchaseId: purchase.id,
          refundRequestId: request.id,
          provider: purchase.provider,
          amount: moneyRefunded,
          currency: purchase.currency,
          reason: full ? "duplicate" : "requested_by_customer",
        })
        .returning({ id: providerRefunds.id }),
      "provider refund",
    );
    await enqueueJob(tx, "payment.refund", { providerRefundId: refund.id });
  }
  await emitWebhookEvent(tx, "purchase.refunded", { purchase: serializePurchase(updated) });
  return updated;
}

/** A decided request's consequences: the refund when approved, and the customer's notification either way. */
export async function applyPurchaseDecision(
  tx: Executor,
  decided: { request: PurchaseRefundRequest; purchase: Purchase; productName: string },
): Promise<void> {
  const { request, purchase, productName } = decided;
  const approved = request.status === "approved";
  if (approved) await approvePurchaseRefund(tx, request, purchase, { full: purchase.duplicateOf !== null });
  const returned = request.moneyRefunded ?? 0;
  await notifyCustomer(tx, {
    customerId: purchase.customerId,
    refundRequestId: request.id,
    title: approved
      ? returned > 0
        ? `${money(returned, purchase.currency)} refunded: ${productName}`
        : `Refund approved: ${productName}`
      : `Not refunded: ${productName}`,
    body: request.decisionMessage,
  });
}

/**
 * Asks for a purchase's money back and decides it by the policy in force, in one transaction: the
 * request, its decision, an approval's reversal and provider refund, the notification, the webhook
 * events and the audit event. A purchase has one refund request: of any number at once, the customer's
 * lock lets one through and the others find it, and the unique index refuses any that could not.
 */
export function requestPurchaseRefund(ask: PurchaseRefundAsk, executor: Executor = db): Promise<PurchaseRefundRequest> {
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const policy = await policyInForce(tx);
      // A charge made twice speaks for itself: the duplicate banner's one click asks with a stock sentence.
      const details =
        ask.reason === "duplicate"
          ? checkedDetails(ask.details, 1)
          : checkedDetails(ask.details, policy.refundRules.minDetailsLength);
      const locked = await lockPurchase(tx, ask.purchaseId, ask.customerId);
      await refuseSecond(tx, ask.purchaseId);
      const now = new Date();
      const decision = decidePurchaseRefund(await gatherFacts(tx, locked, policy, now));
      const decided = decision.outcome !== "review";
      const figures = decision.outcome === "approve" ? decision.figures : null;
      const inserted = await tx
        .insert(refundRequests)
        .values({
          kind: "purchase",
          purchaseId: ask.purchaseId,
          customerId: ask.customerId,
          purchaseReason: ask.reason,
          details,
          source: ask.source,
          ...policyDecisionColumns(decision, now),
          creditsReversed: figures?.creditsReversed ?? null,
          moneyRefunded: figures?.moneyRefunded ?? null,
        })
        .returning();
      const request = purchaseRequestOf(oneRow(inserted, "purchase refund request"));
      if (decided)
        await applyPurchaseDecision(tx, { request, purchase: locked.purchase, productName: locked.productName });
      const reported = { request: serializePurchaseRefundRequest(request) };
      await emitWebhookEvent(tx, "refund_request.created", reported);
      if (decided) await emitWebhookEvent(tx, "refund_request.decided", reported);
      await recordAudit(tx, {
        actorId: ask.actorId,
        action: "refund_request.submitted",
        targetType: "refund_request",
        targetId: request.id,
        after: {
          purchaseId: ask.purchaseId,
          source: ask.source,
          status: request.status,
          decisionCode: request.decisionCode,
          creditsReversed: request.creditsReversed,
          moneyRefunded: request.moneyRefunded,
          policyVersion: request.policyVersion,
        },
      });
      return request;
    }),
  );
}
