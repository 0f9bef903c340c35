import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type {
  Context,
  GenerationStatus,
  PaymentProvider,
  Platform,
  ProductKind,
  PurchaseStatus,
  RefundDecider,
  RefundRequestKind,
  RefundStatus,
  RequestSource,
} from "@/db/enums";
import {
  customers,
  features,
  generations,
  products,
  purchases,
  qualityChecks,
  refundRequests,
  requestNotes,
  users,
  type QualityCheck,
} from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { credits as creditCount } from "@/lib/format/credits.shared";
import { money } from "@/lib/format/money.shared";
import { customerBalance } from "@/lib/ledger/accounts";
import { policyInForce } from "@/lib/policy/versions";
import { dayPassHours, refundFigures, type RefundFigures } from "@/lib/purchases/refund-policy";
import { creditsUsedSince } from "@/lib/purchases/refund-requests";
import { unusableFindings } from "@/lib/quality/verdict";
import { capturedCredits, refundedAndSpent } from "@/lib/refunds/facts";
import { limitPeriodDays, type Verdict } from "@/lib/refunds/policy";
import { purchaseReasonLabel } from "@/lib/purchases/refund-reasons.shared";
import { refundRequestById } from "@/lib/refunds/queries";
import { reasonLabel } from "@/lib/refunds/reasons.shared";
import { byKind, type GenerationRefundRequest, type PurchaseRefundRequest } from "@/lib/refunds/request-kinds";
import { oneRow } from "@/lib/sql/one-row";
import { together } from "@/lib/sql/together";
import { claimRequest } from "./claims";
import { described, subjectColumns } from "./request-subject";
import { slaOf, type Sla } from "./sla";

const dayMs = 24 * 3_600_000;
const recentShown = 10;

export type Outcomes = Record<RefundStatus, number>;

/** A rule's verdict, as either kind's policy traces it. */
export type TraceLine = { rule: string; verdict: Verdict; detail: string };

export type GenerationSubject = {
  kind: "generation";
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
};

export type PurchaseSubject = {
  kind: "purchase";
  purchase: {
    id: string;
    productName: string;
    productKind: ProductKind;
    amount: number;
    currency: string;
    credits: number;
    provider: PaymentProvider;
    purchasedAt: Date;
    status: PurchaseStatus;
    creditsReversed: number;
    moneyRefunded: number;
    renewal: boolean;
    cancelRequestedAt: Date | null;
    duplicateOf: string | null;
  };
  /** Credits taken by generations started since the purchase, and the balance now. */
  creditsUsedSince: number;
  available: number;
  /** What approving would give back, at the balance now. */
  figures: RefundFigures;
  /** The pass's 24 hours for a day pass; otherwise from the purchase to the request. */
  period: { from: Date; to: Date };
  generations: {
    id: string;
    featureName: string;
    status: GenerationStatus;
    cost: number;
    createdAt: Date;
    outputUrl: string | null;
    downloadedAt: Date | null;
  }[];
};

export type ReviewDetail = {
  request: {
    id: string;
    kind: RefundRequestKind;
    status: RefundStatus;
    reasonLabel: string;
    details: string;
    source: RequestSource;
    createdAt: Date;
    sla: Sla;
    policyVersion: number;
    trace: TraceLine[];
    /** What approving it gives back, in words: "4 credits", or money and the credits taken back. */
    refundIfApproved: string;
    decision: {
      code: string;
      message: string;
      decidedBy: RefundDecider;
      deciderName: string | null;
      decidedAt: Date;
      /** What the decision gave back, in words. */
      refunded: string;
    } | null;
    /** Only a lease still running counts as a claim. */
    claim: { agentId: string; agentName: string; until: Date } | null;
  };
  subject: GenerationSubject | PurchaseSubject;
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
    recent: { id: string; createdAt: Date; subject: string; reasonLabel: string; status: RefundStatus }[];
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

async function recentRequests(tx: Executor, customerId: string, exceptId: string, now: Date) {
  const rows = await tx
    .select({
      id: refundRequests.id,
      createdAt: refundRequests.createdAt,
      status: refundRequests.status,
      ...subjectColumns,
    })
    .from(refundRequests)
    .leftJoin(features, eq(features.key, refundRequests.featureKey))
    .leftJoin(purchases, eq(purchases.id, refundRequests.purchaseId))
    .leftJoin(products, eq(products.key, purchases.productKey))
    .where(
      and(
        eq(refundRequests.customerId, customerId),
        ne(refundRequests.id, exceptId),
        gte(refundRequests.createdAt, new Date(now.getTime() - 90 * dayMs)),
      ),
    )
    .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
    .limit(recentShown);
  return rows.map((row) => ({ id: row.id, createdAt: row.createdAt, status: row.status, ...described(row) }));
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
  const [[previous], [next]] = await together(
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
  );
  return { previousId: previous?.id ?? null, nextId: next?.id ?? null };
}

async function generationSubject(tx: Executor, request: GenerationRefundRequest): Promise<GenerationSubject> {
  const [subjects, [check], captured] = await together(
    tx
      .select({ generation: generations, featureName: features.name })
      .from(generations)
      .innerJoin(features, eq(features.key, generations.featureKey))
      .where(eq(generations.id, request.generationId)),
    tx.select().from(qualityChecks).where(eq(qualityChecks.generationId, request.generationId)),
    capturedCredits(tx, request.generationId),
  );
  const { generation, featureName } = oneRow(subjects, "request's generation");
  return {
    kind: "generation",
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
  };
}

const generationsShown = 50;

async function purchaseSubject(tx: Executor, request: PurchaseRefundRequest): Promise<PurchaseSubject> {
  const found = await tx
    .select({ purchase: purchases, productName: products.name })
    .from(purchases)
    .innerJoin(products, eq(products.key, purchases.productKey))
    .where(eq(purchases.id, request.purchaseId));
  const { purchase, productName } = oneRow(found, "request's purchase");
  const period = {
    from: purchase.purchasedAt,
    to:
      purchase.kind === "day_pass"
        ? new Date(purchase.purchasedAt.getTime() + dayPassHours * 3_600_000)
        : request.createdAt,
  };
  const [usedSince, balance, during] = await together(
    creditsUsedSince(tx, purchase),
    customerBalance(tx, purchase.customerId),
    tx
      .select({
        id: generations.id,
        featureName: features.name,
        status: generations.status,
        cost: generations.cost,
        createdAt: generations.createdAt,
        outputUrl: generations.outputUrl,
        downloadedAt: generations.downloadedAt,
      })
      .from(generations)
      .innerJoin(features, eq(features.key, generations.featureKey))
      .where(
        and(
          eq(generations.customerId, purchase.customerId),
          gte(generations.createdAt, period.from),
          lt(generations.createdAt, period.to),
        ),
      )
      .orderBy(asc(generations.createdAt), asc(generations.id))
      .limit(generationsShown),
  );
  return {
    kind: "purchase",
    purchase: {
      id: purchase.id,
      productName,
      productKind: purchase.kind,
      amount: purchase.amount,
      currency: purchase.currency,
      credits: purchase.credits,
      provider: purchase.provider,
      purchasedAt: purchase.purchasedAt,
      status: purchase.status,
      creditsReversed: purchase.creditsReversed,
      moneyRefunded: purchase.moneyRefunded,
      renewal: purchase.renewal,
      cancelRequestedAt: purchase.cancelRequestedAt,
      duplicateOf: purchase.duplicateOf,
    },
    creditsUsedSince: usedSince,
    available: balance.available,
    figures: refundFigures(purchase, balance.available, { full: purchase.duplicateOf !== null }),
    period,
    generations: during,
  };
}

function purchaseRefundWords(currency: string, figures: RefundFigures): string {
  return `${money(figures.moneyRefunded, currency)}, taking back ${creditCount(figures.creditsReversed)}`;
}

/** Everything an agent reads before deciding a request, of either kind, as of one snapshot. */
export async function requestForReview(requestId: string, now = new Date()): Promise<ReviewDetail> {
  return db.transaction(
    async (tx) => {
      const request = byKind(await refundRequestById(requestId, tx));
      const people = [request.deciderId, request.claimedBy].filter((id): id is string => id !== null);
      const [subject, owners, staff, outcomes, credits, recent, notes, neighbours, policy] = await together(
        request.kind === "purchase" ? purchaseSubject(tx, request) : generationSubject(tx, request),
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
      );
      const customer = oneRow(owners, "request's customer");
      const named = (id: string | null) => personName(staff.find((user) => user.id === id));
      const { claimedBy, claimExpiresAt } = request;
      const refundIfApproved =
        subject.kind === "purchase"
          ? purchaseRefundWords(subject.purchase.currency, subject.figures)
          : creditCount(subject.generation.capturedCredits);
      const refunded =
        subject.kind === "purchase"
          ? purchaseRefundWords(subject.purchase.currency, {
              creditsReversed: request.creditsReversed ?? 0,
              moneyRefunded: request.moneyRefunded ?? 0,
            })
          : creditCount(request.creditsRefunded);
      return {
        request: {
          id: request.id,
          kind: request.kind,
          status: request.status,
          reasonLabel:
            request.kind === "purchase" ? purchaseReasonLabel(request.purchaseReason) : reasonLabel(request.reason),
          details: request.details,
          source: request.source,
          createdAt: request.createdAt,
          sla: slaOf(request.createdAt, policy.refundRules.slaHours, now),
          policyVersion: request.policyVersion,
          trace: request.trace as TraceLine[],
          refundIfApproved,
          decision:
            request.decidedAt && request.decidedBy && request.decisionCode
              ? {
                  code: request.decisionCode,
                  message: request.decisionMessage,
                  decidedBy: request.decidedBy,
                  deciderName: named(request.deciderId),
                  decidedAt: request.decidedAt,
                  refunded,
                }
              : null,
          claim:
            claimedBy && claimExpiresAt && claimExpiresAt > now
              ? { agentId: claimedBy, agentName: named(claimedBy) ?? "Someone", until: claimExpiresAt }
              : null,
        },
        subject,
        customer: {
          id: customer.id,
          email: customer.email,
          name: customer.name,
          signedUpAt: customer.signedUpAt,
          suspended: customer.suspendedAt !== null,
          ...outcomes,
          ...credits,
          recent,
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
