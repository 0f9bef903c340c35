import "server-only";
import { sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { RefundReason } from "@/db/enums";
import { features, generations, refundRequests, type Feature, type RefundRequest } from "@/db/schema";
import { serializeRefundRequest } from "@/lib/api/serializers";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, notFound } from "@/lib/errors";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { policyInForce } from "@/lib/policy/versions";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { columnList, insertedOnce, rowOf } from "@/lib/sql/table-rows";
import { together } from "@/lib/sql/together";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { gatherFacts, lockCustomer, unfrozen } from "./facts";
import { applyDecision } from "./decision-effects";
import { decideRefund } from "./policy";
import { policyDecisionColumns } from "./policy-decision-columns";
import { storedFacts } from "./stored-facts";

export type RefundReport = {
  customerId: string;
  generationId: string;
  reason: RefundReason;
  details: string;
  source: RefundRequest["source"];
  /** The signed-in person who reported it; null when a host backend filed it through the API. */
  actorId: string | null;
};

type SubjectRow = Record<string, unknown> & {
  featureName: string;
  decisionMode: Feature["decisionMode"];
  existingRequestId: string | null;
};

/** The generation reported, with what the report needs of its feature and the request already filed about it. */
const subjectStatement = renderedOnce<SubjectRow, { generationId: string }>(
  (value) => sql`
    select ${sql.raw(columnList(generations, "g"))}, f.name as "featureName", f.decision_mode as "decisionMode",
      (select r.id from ${refundRequests} r where r.generation_id = g.id) as "existingRequestId"
    from ${generations} g join ${features} f on f.key = g.feature_key
    where g.id = ${value("generationId")}`,
);

/** The generation reported; undefined for an unknown id. */
async function subjectOf(tx: Executor, generationId: string) {
  const [row] = await subjectStatement(tx, { generationId });
  if (!row) return undefined;
  const { featureName, decisionMode, existingRequestId } = row;
  return { generation: rowOf(generations, row), featureName, decisionMode, existingRequestId };
}

const insertRequest = insertedOnce(refundRequests, [
  "generationId",
  "customerId",
  "featureKey",
  "platform",
  "reason",
  "details",
  "source",
  "status",
  "decisionCode",
  "decisionMessage",
  "decidedBy",
  "decidedAt",
  "creditsRefunded",
  "policyVersion",
  "trace",
  "facts",
  "createdAt",
]);

/** Only the owner may report, and only once it has finished; others learn nothing about the generation. */
function reportable(subject: Awaited<ReturnType<typeof subjectOf>>, report: RefundReport) {
  if (!subject || subject.generation.customerId !== report.customerId)
    throw notFound("generation", report.generationId);
  const { generation } = subject;
  if (generation.status === "running") {
    throw new DomainError(
      "generation.not_finished",
      "This generation is still running. You can report it once it has finished.",
    );
  }
  if (subject.existingRequestId) {
    // The existing request's id lets a host that timed out on the first report read its decision.
    throw new DomainError(
      "refund.duplicate",
      "This result has already been reported; each result can be reported once.",
      undefined,
      { details: { requestId: subject.existingRequestId } },
    );
  }
  return {
    ...generation,
    status: generation.status,
    featureName: subject.featureName,
    decisionMode: subject.decisionMode,
  };
}

/** The details, trimmed, when they are at least as long as the policy asks; a purchase refund request checks them the same way. */
export function checkedDetails(details: string, minLength: number): string {
  const trimmed = details.trim();
  if (trimmed.length < minLength) {
    throw new DomainError(
      "validation.failed",
      `Please describe what is wrong in at least ${minLength} characters, so that we can tell what went wrong.`,
      "details",
    );
  }
  return trimmed;
}

/**
 * Files a "Bad result" report and decides it by the policy in force, all in one transaction: the
 * request, its decision, the refund (when approved), the customer's notification and the audit event.
 * The unique generation_id lets exactly one of any number of concurrent reports through; the others
 * then find it and are refused as duplicates. Statements that do not wait for each other's answers are
 * sent together, so that the transaction costs fewer round trips.
 */
export function submitRefundRequest(report: RefundReport, executor: Executor = db): Promise<RefundRequest> {
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      // The reporter is locked in the first round trip, with the reads that do not need the lock.
      const [policy, found, locked] = await together(
        policyInForce(tx),
        subjectOf(tx, report.generationId),
        lockCustomer(tx, report.customerId),
      );
      const details = checkedDetails(report.details, policy.refundRules.minDetailsLength);
      const subject = reportable(found, report);
      const customer = unfrozen(locked, report.customerId);
      const now = new Date();
      const facts = await gatherFacts(tx, subject, customer, policy, now);
      const decision = decideRefund(facts);
      const approved = decision.outcome === "approve";
      const decided = decision.outcome !== "review";
      const request = await insertRequest(tx, {
        generationId: subject.id,
        customerId: report.customerId,
        featureKey: subject.featureKey,
        platform: subject.platform,
        reason: report.reason,
        details,
        source: report.source,
        ...policyDecisionColumns(decision, now),
        creditsRefunded: approved ? facts.generation.capturedCredits : 0,
        facts: storedFacts(facts),
      });
      const reported = { request: serializeRefundRequest(request) };
      await together(
        decided &&
          applyDecision(tx, {
            requestId: request.id,
            customerId: report.customerId,
            generationId: subject.id,
            featureName: subject.featureName,
            approved,
            creditsRefunded: request.creditsRefunded,
            message: decision.message,
            code: decision.code,
            actorId: report.actorId,
          }),
        emitWebhookEvent(tx, "refund_request.created", reported),
        decided && emitWebhookEvent(tx, "refund_request.decided", reported),
        recordAudit(tx, {
          actorId: report.actorId,
          action: "refund_request.submitted",
          targetType: "refund_request",
          targetId: request.id,
          after: {
            generationId: subject.id,
            source: report.source,
            status: request.status,
            decisionCode: request.decisionCode,
            creditsRefunded: request.creditsRefunded,
            policyVersion: request.policyVersion,
          },
        }),
      );
      return request;
    }),
  );
}
