import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { Context, Platform, RefundDecider, RefundStatus, RequestSource } from "@/db/enums";
import {
  customers,
  features,
  generations,
  qualityChecks,
  refundRequests,
  requestNotes,
  users,
  type QualityCheck,
} from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { policyInForce } from "@/lib/policy/versions";
import { unusableFindings } from "@/lib/quality/verdict";
import { capturedCredits, refundedAndSpent } from "@/lib/refunds/facts";
import { limitPeriodDays, type TraceEntry } from "@/lib/refunds/policy";
import { refundRequestById } from "@/lib/refunds/queries";
import { reasonLabel } from "@/lib/refunds/reasons.shared";
import { oneRow } from "@/lib/sql/one-row";
import { claimRequest } from "./claims";
import { slaOf, type Sla } from "./sla";

const dayMs = 24 * 3_600_000;
const recentShown = 10;

export type Outcomes = Record<RefundStatus, number>;

export type ReviewDetail = {
  request: {
    id: string;
    status: RefundStatus;
    reasonLabel: string;
    details: string;
    source: RequestSource;
    createdAt: Date;
    sla: Sla;
    policyVersion: number;
    trace: TraceEntry[];
    decision: {
      code: string;
      message: string;
      decidedBy: RefundDecider;
      deciderName: string | null;
      decidedAt: Date;
      creditsRefunded: number;
    } | null;
    /** Only a lease still running counts as a claim. */
    claim: { agentId: string; agentName: string; until: Date } | null;
  };
  generation: {
    id: string;
    featureName: string;
    platform: Platform;
    context: Context;
    modelVersion: string | null;
    prompt: string | null;
    createdAt: Date;
    finishedAt: Date | null;
    inputUrl: string | null;
    outputUrl: string | null;
    capturedCredits: number;
  };
  quality: { check: QualityCheck | null; findings: string[] };
  customer: {
    id: string;
    email: string;
    name: string | null;
    signedUpAt: Date;
    suspended: boolean;
    last30Days: Outcomes;
    last90Days: Outcomes;
    /** Over the last 30 days, as the policy's refunded-share rule counts them. */
    refundedCredits: number;
    spentCredits: number;
    recent: { id: string; createdAt: Date; featureName: string; reasonLabel: string; status: RefundStatus }[];
  };
  notes: { id: string; body: string; createdAt: Date; authorName: string }[];
  /** The pending requests just before and after this one in the queue's order, for moving along it. */
  neighbours: { previousId: string | null; nextId: string | null };
};

function personName(user: { name: string | null; email: string } | undefined): string | null {
  return user ? (user.name ?? user.email) : null;
}

async function requestOutcomes(tx: Executor, customerId: string, now: Date) {
  const since30 = new Date(now.getTime() - 30 * dayMs);
  const rows = await tx
    .select({
      status: refundRequests.status,
      last30: sql<number>`count(*) filter (where ${gte(refundRequests.createdAt, since30)})::int`,
      last90: sql<number>`count(*)::int`,
    })
    .from(refundRequests)
    .where(
      and(
        eq(refundRequests.customerId, customerId),
        gte(refundRequests.createdAt, new Date(now.getTime() - 90 * dayMs)),
      ),
    )
    .groupBy(refundRequests.status);
  const empty = (): Outcomes => ({ in_review: 0, approved: 0, denied: 0 });
  const last30Days = empty();
  const last90Days = empty();
  for (const row of rows) {
    last30Days[row.status] = row.last30;
    last90Days[row.status] = row.last90;
  }
  return { last30Days, last90Days };
}

function recentRequests(tx: Executor, customerId: string, exceptId: string, now: Date) {
  return tx
    .select({
      id: refundRequests.id,
      createdAt: refundRequests.createdAt,
      featureName: features.name,
      reason: refundRequests.reason,
      status: refundRequests.status,
    })
    .from(refundRequests)
    .innerJoin(features, eq(features.key, refundRequests.featureKey))
    .where(
      and(
        eq(refundRequests.customerId, customerId),
        ne(refundRequests.id, exceptId),
        gte(refundRequests.createdAt, new Date(now.getTime() - 90 * dayMs)),
      ),
    )
    .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
    .limit(recentShown);
}

function notesOf(tx: Executor, requestId: string) {
  return tx
    .select({
      id: requestNotes.id,
      body: requestNotes.body,
      createdAt: requestNotes.createdAt,
      authorName: sql<string>`coalesce(${users.name}, ${users.email})`,
    })
    .from(requestNotes)
    .innerJoin(users, eq(users.id, requestNotes.authorId))
    .where(eq(requestNotes.requestId, requestId))
    .orderBy(asc(requestNotes.createdAt), asc(requestNotes.id));
}

async function neighboursOf(tx: Executor, request: { id: string; createdAt: Date }) {
  const pending = eq(refundRequests.status, "in_review");
  const sameTime = eq(refundRequests.createdAt, request.createdAt);
  const [[previous], [next]] = await Promise.all([
    tx
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(
        and(
          pending,
          or(lt(refundRequests.createdAt, request.createdAt), and(sameTime, lt(refundRequests.id, request.id))),
        ),
      )
      .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
      .limit(1),
    tx
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(
        and(
          pending,
          or(gt(refundRequests.createdAt, request.createdAt), and(sameTime, gt(refundRequests.id, request.id))),
        ),
      )
      .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
      .limit(1),
  ]);
  return { previousId: previous?.id ?? null, nextId: next?.id ?? null };
}

/** Everything an agent reads before deciding a request, as of one snapshot. */
export async function requestForReview(requestId: string, now = new Date()): Promise<ReviewDetail> {
  return db.transaction(
    async (tx) => {
      const request = await refundRequestById(requestId, tx);
      const people = [request.deciderId, request.claimedBy].filter((id): id is string => id !== null);
      const [subjects, [check], captured, owners, staff, outcomes, credits, recent, notes, neighbours, policy] =
        await Promise.all([
          tx
            .select({ generation: generations, featureName: features.name })
            .from(generations)
            .innerJoin(features, eq(features.key, generations.featureKey))
            .where(eq(generations.id, request.generationId)),
          tx.select().from(qualityChecks).where(eq(qualityChecks.generationId, request.generationId)),
          capturedCredits(tx, request.generationId),
          tx.select().from(customers).where(eq(customers.id, request.customerId)),
          people.length > 0
            ? tx
                .select({ id: users.id, name: users.name, email: users.email })
                .from(users)
                .where(inArray(users.id, people))
            : Promise.resolve([]),
          requestOutcomes(tx, request.customerId, now),
          refundedAndSpent(tx, request.customerId, new Date(now.getTime() - limitPeriodDays * dayMs)),
          recentRequests(tx, request.customerId, request.id, now),
          notesOf(tx, request.id),
          neighboursOf(tx, request),
          policyInForce(tx),
        ]);
      const { generation, featureName } = oneRow(subjects, "request's generation");
      const customer = oneRow(owners, "request's customer");
      const named = (id: string | null) => personName(staff.find((user) => user.id === id));
      const { claimedBy, claimExpiresAt } = request;
      return {
        request: {
          id: request.id,
          status: request.status,
          reasonLabel: reasonLabel(request.reason),
          details: request.details,
          source: request.source,
          createdAt: request.createdAt,
          sla: slaOf(request.createdAt, policy.refundRules.slaHours, now),
          policyVersion: request.policyVersion,
          trace: request.trace as TraceEntry[],
          decision:
            request.decidedAt && request.decidedBy && request.decisionCode
              ? {
                  code: request.decisionCode,
                  message: request.decisionMessage,
                  decidedBy: request.decidedBy,
                  deciderName: named(request.deciderId),
                  decidedAt: request.decidedAt,
                  creditsRefunded: request.creditsRefunded,
                }
              : null,
          claim:
            claimedBy && claimExpiresAt && claimExpiresAt > now
              ? { agentId: claimedBy, agentName: named(claimedBy) ?? "Someone", until: claimExpiresAt }
              : null,
        },
        generation: {
          id: generation.id,
          featureName,
          platform: generation.platform,
          context: generation.context,
          modelVersion: generation.modelVersion,
          prompt: generation.prompt,
          createdAt: generation.createdAt,
          finishedAt: generation.finishedAt,
          inputUrl: generation.inputUrl,
          outputUrl: generation.outputUrl,
          capturedCredits: captured,
        },
        quality: { check: check ?? null, findings: unusableFindings(check ?? null) },
        customer: {
          id: customer.id,
          email: customer.email,
          name: customer.name,
          signedUpAt: customer.signedUpAt,
          suspended: customer.suspendedAt !== null,
          ...outcomes,
          ...credits,
          recent: recent.map(({ reason, ...row }) => ({ ...row, reasonLabel: reasonLabel(reason) })),
        },
        notes,
        neighbours,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * Opening a request is taking it, unless another agent's lease still holds it; an unknown id is refused
 * before anything is written.
 */
export async function openForReview(agent: CurrentUser, requestId: string, now = new Date()): Promise<ReviewDetail> {
  const request = await refundRequestById(requestId);
  if (request.status === "in_review") await claimRequest(agent, request.id, now);
  return requestForReview(request.id, now);
}
