import "server-only";
import { and, asc, count, eq, gt, lte, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { Platform, RefundReason, RefundRequestKind } from "@/db/enums";
import { customers, features, products, purchases, refundRequests, users } from "@/db/schema";
import { policyInForce } from "@/lib/policy/versions";
import { oneRow } from "@/lib/sql/one-row";
import { described, subjectColumns } from "./request-subject";
import { breachingSoonMs, slaOf, type SlaTone } from "./sla";

export type QueueFilters = {
  kind?: RefundRequestKind;
  feature?: string;
  platform?: Platform;
  reason?: RefundReason;
  breachedOnly?: boolean;
};

export type QueueItem = {
  id: string;
  createdAt: string;
  dueAt: string;
  msLeft: number;
  tone: SlaTone;
  customerId: string;
  customerEmail: string;
  kind: RefundRequestKind;
  /** What it is about: the generation's feature and platform, or the product bought and its price. */
  subject: string;
  reasonLabel: string;
  detailsStart: string;
  /** Whoever holds a live claim on it. */
  claimedBy: { id: string; name: string } | null;
};

export type QueueCounts = { pending: number; breachingSoon: number; breached: number };

export type QueuePage = { items: QueueItem[]; next: string | null; counts: QueueCounts; slaHours: number };

export const queuePageSize = 50;
const detailsPreviewLength = 140;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The page after the request `cursor`. The key is (created_at, id), compared as a row so that the index
 * bounds the scan: a page deep in the queue costs what the first does. The cursor's own time is read
 * back from the table rather than carried in the cursor, so no precision is lost on the way.
 */
function afterCursor(cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  if (!uuidPattern.test(cursor)) return sql`false`;
  return sql`(${refundRequests.createdAt}, ${refundRequests.id}) > ((select r.created_at from refund_requests r where r.id = ${cursor}), ${cursor}::uuid)`;
}

function pending(): SQL {
  return eq(refundRequests.status, "in_review");
}

/** Created before this moment means the answer time has passed. */
function dueBy(now: Date, slaHours: number, withinMs = 0): Date {
  return new Date(now.getTime() + withinMs - slaHours * 3_600_000);
}

async function queueCounts(executor: Executor, slaHours: number, now: Date): Promise<QueueCounts> {
  const rows = await executor
    .select({
      pending: count(),
      breachingSoon: sql<number>`count(*) filter (where ${and(gt(refundRequests.createdAt, dueBy(now, slaHours)), lte(refundRequests.createdAt, dueBy(now, slaHours, breachingSoonMs)))})::int`,
      breached: sql<number>`count(*) filter (where ${lte(refundRequests.createdAt, dueBy(now, slaHours))})::int`,
    })
    .from(refundRequests)
    .where(pending());
  return oneRow(rows, "queue counts");
}

/** Pending requests, oldest first (the order they were received), one keyset page at a time. */
export async function queuePage(
  filters: QueueFilters,
  cursor?: string,
  now = new Date(),
  executor: Executor = db,
): Promise<QueuePage> {
  const { slaHours } = (await policyInForce(executor)).refundRules;
  const rows = await executor
    .select({
      id: refundRequests.id,
      createdAt: refundRequests.createdAt,
      customerId: refundRequests.customerId,
      customerEmail: customers.email,
      ...subjectColumns,
      details: sql<string>`left(${refundRequests.details}, ${detailsPreviewLength + 1})`,
      claimedById: refundRequests.claimedBy,
      claimedByName: users.name,
      claimExpiresAt: refundRequests.claimExpiresAt,
    })
    .from(refundRequests)
    .innerJoin(customers, eq(customers.id, refundRequests.customerId))
    .leftJoin(features, eq(features.key, refundRequests.featureKey))
    .leftJoin(purchases, eq(purchases.id, refundRequests.purchaseId))
    .leftJoin(products, eq(products.key, purchases.productKey))
    .leftJoin(users, eq(users.id, refundRequests.claimedBy))
    .where(
      and(
        pending(),
        filters.kind ? eq(refundRequests.kind, filters.kind) : undefined,
        filters.feature ? eq(refundRequests.featureKey, filters.feature) : undefined,
        filters.platform ? eq(refundRequests.platform, filters.platform) : undefined,
        filters.reason ? eq(refundRequests.reason, filters.reason) : undefined,
        filters.breachedOnly ? lte(refundRequests.createdAt, dueBy(now, slaHours)) : undefined,
        afterCursor(cursor),
      ),
    )
    .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
    .limit(queuePageSize + 1);
  const page = rows.slice(0, queuePageSize);
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const { details, claimedById, claimedByName, claimExpiresAt, createdAt } = row;
      const sla = slaOf(createdAt, slaHours, now);
      return {
        id: row.id,
        customerId: row.customerId,
        customerEmail: row.customerEmail,
        kind: row.kind,
        ...described(row),
        createdAt: createdAt.toISOString(),
        dueAt: sla.dueAt.toISOString(),
        msLeft: sla.msLeft,
        tone: sla.tone,
        detailsStart: details.length > detailsPreviewLength ? `${details.slice(0, detailsPreviewLength)}…` : details,
        claimedBy:
          claimedById && claimExpiresAt && claimExpiresAt > now
            ? { id: claimedById, name: claimedByName ?? "another agent" }
            : null,
      };
    }),
    next: last && rows.length > queuePageSize ? last.id : null,
    counts: await queueCounts(executor, slaHours, now),
    slaHours,
  };
}
