import "server-only";
import { and, eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { RefundStatus } from "@/db/enums";
import { features, refundRequests, users, type RefundRequest } from "@/db/schema";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, isDomainError, type ErrorCode } from "@/lib/errors";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { approvalMessage, refundFigures } from "@/lib/purchases/refund-policy";
import { applyPurchaseDecision, lockPurchase } from "@/lib/purchases/refund-requests";
import { applyDecision } from "@/lib/refunds/decision-effects";
import { capturedCredits } from "@/lib/refunds/facts";
import { thanksForFeedback } from "@/lib/refunds/policy";
import { refundRequestById } from "@/lib/refunds/queries";
import {
  byKind,
  purchaseRequestOf,
  type GenerationRefundRequest,
  type PurchaseRefundRequest,
} from "@/lib/refunds/request-kinds";
import { oneRow } from "@/lib/sql/one-row";
import { together } from "@/lib/sql/together";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { agentApprovalCode, agentDenialCode, type DenyReason } from "./deny-reasons.shared";

export type AgentDecision = { outcome: "approve" } | { outcome: "deny"; reason: DenyReason; message: string };

function withThanks(message: string): string {
  const trimmed = message.trim();
  return trimmed.endsWith(thanksForFeedback) ? trimmed : `${trimmed} ${thanksForFeedback}`;
}

/** What the losing agent is told: who got there first, and when. */
async function alreadyDecided(tx: Executor, requestId: string): Promise<DomainError> {
  const request = await refundRequestById(requestId, tx);
  const [decider] = request.deciderId
    ? await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, request.deciderId))
    : [];
  const who = decider ? (decider.name ?? decider.email) : "the refund policy";
  const when = request.decidedAt ? ` at ${dateTime(request.decidedAt)}` : "";
  return new DomainError(
    "refund.already_decided",
    `Already decided by ${who}${when}: ${request.status === "approved" ? "refunded" : "not refunded"}.`,
  );
}

type Decided = { request: RefundRequest; code: string; message: string };

function decisionColumns(agent: CurrentUser, decision: AgentDecision, message: string) {
  const approved = decision.outcome === "approve";
  return {
    status: approved ? ("approved" as const) : ("denied" as const),
    decisionCode: approved ? agentApprovalCode : agentDenialCode(decision.reason),
    decisionMessage: message,
    decidedBy: "agent" as const,
    deciderId: agent.id,
    decidedAt: new Date(),
    claimedBy: null,
    claimExpiresAt: null,
  };
}

/** Only a request still in review passes; of agents deciding at once, one does. */
function stillPending(requestId: string) {
  return and(eq(refundRequests.id, requestId), eq(refundRequests.status, "in_review"));
}

async function decideGeneration(
  tx: Executor,
  agent: CurrentUser,
  target: GenerationRefundRequest,
  decision: AgentDecision,
): Promise<Decided> {
  const approved = decision.outcome === "approve";
  // The request's generation, feature and captured credits never change, so they may be read first.
  const [featureRows, captured] = await together(
    tx.select({ name: features.name }).from(features).where(eq(features.key, target.featureKey)),
    capturedCredits(tx, target.generationId),
  );
  const feature = oneRow(featureRows, "request's feature");
  const creditsRefunded = approved ? captured : 0;
  const message = approved
    ? `We reviewed your report and refunded ${credits(creditsRefunded)}. ${thanksForFeedback}`
    : withThanks(decision.message);
  const columns = decisionColumns(agent, decision, message);
  const [request] = await tx
    .update(refundRequests)
    .set({ ...columns, creditsRefunded })
    .where(stillPending(target.id))
    .returning();
  if (!request) throw await alreadyDecided(tx, target.id);
  await applyDecision(tx, {
    requestId: target.id,
    customerId: request.customerId,
    generationId: target.generationId,
    featureName: feature.name,
    approved,
    creditsRefunded,
    message,
    code: columns.decisionCode,
    actorId: agent.id,
  });
  return { request, code: columns.decisionCode, message };
}

/**
 * Under the purchase's locks the balance holds still, so the figures worked out before the update are
 * the ones the reversal then takes.
 */
async function decidePurchase(
  tx: Executor,
  agent: CurrentUser,
  target: PurchaseRefundRequest,
  decision: AgentDecision,
): Promise<Decided> {
  const locked = await lockPurchase(tx, target.purchaseId, target.customerId);
  const { purchase } = locked;
  const figures = refundFigures(purchase, locked.available, { full: purchase.duplicateOf !== null });
  const approved = decision.outcome === "approve";
  const message = approved
    ? `We reviewed your request. ${approvalMessage(purchase, figures)}`
    : decision.message.trim();
  const columns = decisionColumns(agent, decision, message);
  const [row] = await tx
    .update(refundRequests)
    .set({
      ...columns,
      creditsReversed: approved ? figures.creditsReversed : null,
      moneyRefunded: approved ? figures.moneyRefunded : null,
    })
    .where(stillPending(target.id))
    .returning();
  if (!row) throw await alreadyDecided(tx, target.id);
  await applyPurchaseDecision(tx, { request: purchaseRequestOf(row), purchase, productName: locked.productName });
  return { request: row, code: columns.decisionCode, message };
}

/**
 * An agent's decision on a request in review, of either kind, in one transaction: a conditional update
 * that only a pending request passes, the refund when approved, the customer's notification, the webhook
 * event and the audit event. Of any number of agents deciding at once, exactly one gets past the update;
 * the rest are told who won.
 */
export function decideRequest(
  agent: CurrentUser,
  requestId: string,
  decision: AgentDecision,
  executor: Executor = db,
): Promise<RefundRequest> {
  return executor.transaction(async (tx) => {
    const target = byKind(await refundRequestById(requestId, tx));
    const { request, code, message } =
      target.kind === "purchase"
        ? await decidePurchase(tx, agent, target, decision)
        : await decideGeneration(tx, agent, target, decision);
    await emitWebhookEvent(tx, "refund_request.decided", { request: serializeRefundRequest(request) });
    await recordAudit(tx, {
      actorId: agent.id,
      action: "refund_request.decided",
      targetType: "refund_request",
      targetId: requestId,
      before: { status: "in_review" },
      after:
        target.kind === "purchase"
          ? {
              status: request.status,
              decisionCode: code,
              creditsReversed: request.creditsReversed,
              moneyRefunded: request.moneyRefunded,
              message,
            }
          : { status: request.status, decisionCode: code, creditsRefunded: request.creditsRefunded, message },
    });
    return request;
  });
}

export type BulkResult =
  { id: string; status: Exclude<RefundStatus, "in_review"> } | { id: string; code: ErrorCode; message: string };

/** Each request is decided in its own transaction, so one that was already decided does not undo the rest. */
export async function decideRequests(
  agent: CurrentUser,
  requestIds: string[],
  decision: AgentDecision,
  executor: Executor = db,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of requestIds) {
    try {
      const request = await decideRequest(agent, id, decision, executor);
      results.push({ id, status: request.status === "approved" ? "approved" : "denied" });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      results.push({ id, code: error.code, message: error.message });
    }
  }
  return results;
}
