import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { features, refundRequests, transfers, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, isDomainError } from "@/lib/errors";
import { credits } from "@/lib/format/credits";
import { dateTime } from "@/lib/format/date-time";
import { recordTransfer } from "@/lib/ledger/transfers";
import { notifyCustomer } from "@/lib/notifications/notify";
import { refundRequestById } from "@/lib/refunds/queries";
import type { RefundRequest } from "@/lib/refunds/service";
import { agentApprovalCode, agentDenialCode, type DenyReason } from "./deny-reasons";

export type AgentDecision = { outcome: "approve" } | { outcome: "deny"; reason: DenyReason; message: string };

const thanks = "Thank you for your feedback.";

function withThanks(message: string): string {
  const trimmed = message.trim();
  return trimmed.endsWith(thanks) ? trimmed : `${trimmed} ${thanks}`;
}

/** What the losing agent is told: who got there first, and when. */
async function alreadyDecided(tx: Executor, requestId: string): Promise<DomainError> {
  const request = await refundRequestById(requestId, tx);
  const [decider] = request.deciderId
    ? await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, request.deciderId))
    : [];
  const who = decider ? (decider.name ?? decider.email) : "the refund policy";
  return new DomainError(
    "refund.already_decided",
    `Already decided by ${who} at ${dateTime(request.decidedAt!)}: ${request.status === "approved" ? "refunded" : "not refunded"}.`,
  );
}

/**
 * An agent's decision on a request in review, in one transaction: a conditional update that only a
 * pending request passes, the refund when approved, the customer's notification and the audit event.
 * Of any number of agents deciding at once, exactly one gets past the update; the rest are told who won.
 */
export function decideRequest(
  agent: CurrentUser,
  requestId: string,
  decision: AgentDecision,
  executor: Executor = db,
): Promise<RefundRequest> {
  return executor.transaction(async (tx) => {
    const approved = decision.outcome === "approve";
    const captured = sql<number>`(select coalesce(sum(${transfers.amount}), 0) from ${transfers} where ${transfers.generationId} = ${refundRequests.generationId} and ${transfers.kind} = 'capture')`;
    const [decided] = await tx
      .update(refundRequests)
      .set({
        status: approved ? "approved" : "denied",
        decisionCode: approved ? agentApprovalCode : agentDenialCode(decision.reason),
        decidedBy: "agent",
        deciderId: agent.id,
        decidedAt: new Date(),
        creditsRefunded: approved ? captured : 0,
        claimedBy: null,
        claimExpiresAt: null,
      })
      .where(and(eq(refundRequests.id, requestId), eq(refundRequests.status, "in_review")))
      .returning();
    if (!decided) throw await alreadyDecided(tx, requestId);
    const [feature] = await tx.select({ name: features.name }).from(features).where(eq(features.key, decided.featureKey));
    const message = approved
      ? `We reviewed your report and refunded ${credits(decided.creditsRefunded)}. ${thanks}`
      : withThanks(decision.message);
    const [request] = await tx
      .update(refundRequests)
      .set({ decisionMessage: message })
      .where(eq(refundRequests.id, requestId))
      .returning();
    if (approved) {
      await recordTransfer(tx, {
        kind: "refund",
        idempotencyKey: `refund:${decided.generationId}`,
        customerId: decided.customerId,
        amount: decided.creditsRefunded,
        generationId: decided.generationId,
        memo: agentApprovalCode,
        actorId: agent.id,
      });
    }
    await notifyCustomer(tx, {
      customerId: decided.customerId,
      refundRequestId: requestId,
      title: approved ? `${credits(decided.creditsRefunded)} refunded` : `Not refunded: ${feature!.name}`,
      body: approved ? `Your ${feature!.name} report: ${message}` : message,
    });
    await recordAudit(tx, {
      actorId: agent.id,
      action: "refund_request.decided",
      targetType: "refund_request",
      targetId: requestId,
      before: { status: "in_review" },
      after: { status: request!.status, decisionCode: request!.decisionCode, creditsRefunded: request!.creditsRefunded, message },
    });
    return request!;
  });
}

export type BulkResult = { id: string; status: "approved" | "denied" } | { id: string; code: string; message: string };

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
