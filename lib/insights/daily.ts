import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/db/client";
import type { Platform, RefundReason } from "@/db/enums";
import type { Figures } from "./figures";
import type { Period } from "./periods";

/**
 * Reading a period day by day. A day comes from the rollups (insight_daily, insight_daily_reports) when
 * it was built and nothing about it changed since; every other day (today, a day not built yet, a day
 * with changes waiting) is counted from generations and refund_requests by the very queries that build
 * the rollups. One statement reads both sides, so they share one snapshot and the sum is exact.
 */

/**
 * Runs insights' reads in one read-only snapshot. JIT is off: a day's share of generations is estimated
 * at a ninth of the table, so the day-by-day join looks millions of rows big and Postgres would spend
 * half a second compiling a plan that reads a few thousand rows through the created_at index.
 */
export function readingInsights<T>(executor: Database, read: (tx: Transaction) => Promise<T>): Promise<T> {
  return executor.transaction(
    async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return read(tx);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The days of a period whose rollups can be read. */
function builtDays({ from, to }: Period): SQL {
  return sql`select r.day from insight_rollup_days r
    where r.day >= ${from}::date and r.day < ${to}::date
      and not exists (select 1 from insight_changes c where c.day = r.day)`;
}

/** The days of a period that must be counted from the source. */
function unbuiltDays({ from, to }: Period): SQL {
  return sql`select d::date as day from generate_series(${from}::date, ${to}::date - 1, interval '1 day') d
    where d::date not in (${builtDays({ from, to })})`;
}

/** A day's generations by the day's UTC bounds, so that the index on created_at finds them. */
const onDay = sql`g.created_at >= u.day::timestamp at time zone 'UTC' and g.created_at < (u.day + 1)::timestamp at time zone 'UTC'`;

function featureOnly(column: SQL, featureKey: string | undefined): SQL {
  return featureKey === undefined ? sql`true` : sql`${column} = ${featureKey}`;
}

/** The figures of each day in `days`, by feature, model version and platform, from the source tables. */
export function sourceFigures(days: SQL, featureKey?: string): SQL {
  return sql`
    select u.day, g.feature_key, g.model_version, g.platform,
      count(*)::int as generations,
      count(*) filter (where g.status = 'succeeded')::int as succeeded,
      count(*) filter (where g.status in ('failed', 'expired'))::int as failed,
      count(q.id)::int as refund_requests,
      count(q.id) filter (where q.status = 'approved')::int as approved,
      count(q.id) filter (where q.status = 'denied')::int as denied,
      count(q.id) filter (where q.status = 'in_review')::int as in_review,
      coalesce(sum(g.cost) filter (where g.status = 'succeeded'), 0)::int8 as credits_spent,
      coalesce(sum(q.credits_refunded), 0)::int8 as credits_refunded
    from (${days}) u
    join generations g on ${onDay}
    left join refund_requests q on q.generation_id = g.id and q.kind = 'generation'
    where ${featureOnly(sql`g.feature_key`, featureKey)}
    group by u.day, g.feature_key, g.model_version, g.platform`;
}

/** The "Bad result" reports of each day in `days`, by feature, reason and exact text, from the source tables. */
export function sourceReports(days: SQL, featureKey?: string): SQL {
  return sql`
    select u.day, g.feature_key, q.reason, q.details,
      count(*)::int as reports, coalesce(sum(q.credits_refunded), 0)::int8 as credits_refunded
    from (${days}) u
    join generations g on ${onDay}
    join refund_requests q on q.generation_id = g.id and q.kind = 'generation'
    where ${featureOnly(sql`g.feature_key`, featureKey)}
    group by u.day, g.feature_key, q.reason, q.details`;
}

export type DayFigures = Figures & {
  day: string;
  featureKey: string;
  modelVersion: string | null;
  platform: Platform;
};

type FigureRow = {
  day: string;
  feature_key: string;
  model_version: string | null;
  platform: Platform;
  generations: number;
  succeeded: number;
  failed: number;
  refund_requests: number;
  approved: number;
  denied: number;
  in_review: number;
  credits_spent: string;
  credits_refunded: string;
};

const figureColumns = sql.raw(
  "feature_key, model_version, platform, generations, succeeded, failed, refund_requests, approved, denied, in_review, credits_spent, credits_refunded",
);

/** Every day of the period, by feature, model version and platform; `featureKey` narrows it to one feature. */
export async function dailyFigures(executor: Executor, period: Period, featureKey?: string): Promise<DayFigures[]> {
  const rows = await executor.execute<FigureRow>(sql`
    select day::text as day, ${figureColumns} from insight_daily
    where day in (${builtDays(period)}) and ${featureOnly(sql`feature_key`, featureKey)}
    union all
    select day::text as day, ${figureColumns} from (${sourceFigures(unbuiltDays(period), featureKey)}) s`);
  return rows.map((row) => ({
    day: row.day,
    featureKey: row.feature_key,
    modelVersion: row.model_version,
    platform: row.platform,
    generations: row.generations,
    succeeded: row.succeeded,
    failed: row.failed,
    refundRequests: row.refund_requests,
    approved: row.approved,
    denied: row.denied,
    inReview: row.in_review,
    creditsSpent: Number(row.credits_spent),
    creditsRefunded: Number(row.credits_refunded),
  }));
}

/** Reports that said the same thing about the same feature, on one side of a day. */
export type ReportTexts = {
  featureKey: string;
  reason: RefundReason;
  details: string;
  /** On or after the `split` day. */
  later: boolean;
  reports: number;
  creditsRefunded: number;
};

type TextRow = {
  feature_key: string;
  reason: RefundReason;
  details: string;
  later: boolean;
  reports: number;
  credits_refunded: string;
};

/**
 * The period's reports grouped by feature, reason and exact text, each group on one side of `split`:
 * identical texts arrive once with their count, so themes read each wording once.
 */
export async function reportTexts(
  executor: Executor,
  period: Period,
  split: string,
  featureKey?: string,
): Promise<ReportTexts[]> {
  const rows = await executor.execute<TextRow>(sql`
    select feature_key, reason, details, day >= ${split}::date as later,
      sum(reports)::int as reports, sum(credits_refunded)::int8 as credits_refunded
    from (
      select day, feature_key, reason, details, reports, credits_refunded from insight_daily_reports
      where day in (${builtDays(period)}) and ${featureOnly(sql`feature_key`, featureKey)}
      union all
      select day, feature_key, reason, details, reports, credits_refunded
      from (${sourceReports(unbuiltDays(period), featureKey)}) s
    ) t
    group by 1, 2, 3, 4`);
  return rows.map((row) => ({
    featureKey: row.feature_key,
    reason: row.reason,
    details: row.details,
    later: row.later,
    reports: row.reports,
    creditsRefunded: Number(row.credits_refunded),
  }));
}
