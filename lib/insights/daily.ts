import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/db/client";
import type { Platform, RefundReason } from "@/db/enums";
import type { Figures } from "./figures";
import { addDays, type Period } from "./periods";

/**
 * Reading a period day by day. A day comes from the rollups (insight_daily, insight_daily_reports) when
 * it was built and nothing about it changed since; every other day (today, a day not built yet, a day
 * with changes waiting) is counted from generations and refund_requests by the very queries that build
 * the rollups. The reads run in one snapshot (readingInsights), so the two sides meet exactly.
 */

/**
 * Runs insights' reads in one read-only snapshot. JIT is off: these statements read a few thousand rows,
 * and compiling them costs more than it saves whenever Postgres overestimates a day's generations.
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

/** A list of days as one Postgres date[]. */
export function dateArray(days: readonly string[]): SQL {
  return sql`string_to_array(${days.join(",")}, ',')::date[]`;
}

/** Sorted days as runs of consecutive days. */
export function dayRuns(days: readonly string[]): Period[] {
  const runs: Period[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && last.to === day) last.to = addDays(day, 1);
    else runs.push({ from: day, to: addDays(day, 1) });
  }
  return runs;
}

/** Which days of a period can be read from the rollups, and the runs of days that must be counted from the source. */
async function planDays(tx: Executor, period: Period): Promise<{ built: string[]; source: Period[] }> {
  const rows = await tx.execute<{ day: string }>(sql`
    select r.day::text as day from insight_rollup_days r
    where r.day >= ${period.from}::date and r.day < ${period.to}::date
      and not exists (select 1 from insight_changes c where c.day = r.day)`);
  const built = new Set(rows.map((row) => row.day));
  const unbuilt: string[] = [];
  for (let day = period.from; day < period.to; day = addDays(day, 1)) if (!built.has(day)) unbuilt.push(day);
  return { built: [...built], source: dayRuns(unbuilt) };
}

/**
 * Generations made in the runs of days, each run a plain range on created_at: Postgres then estimates
 * it from the column's statistics and reads it through the index, one run (usually just today) at a time.
 */
function madeWithin(runs: readonly Period[]): SQL {
  const ranges = runs.map(
    ({ from, to }) =>
      sql`(g.created_at >= ${`${from}T00:00:00Z`}::timestamptz and g.created_at < ${`${to}T00:00:00Z`}::timestamptz)`,
  );
  return sql`(${sql.join(ranges, sql` or `)})`;
}

const generationDay = sql`(g.created_at at time zone 'UTC')::date`;

function featureOnly(column: SQL, featureKey: string | undefined): SQL {
  return featureKey === undefined ? sql`true` : sql`${column} = ${featureKey}`;
}

/**
 * A generation's "Bad result" report, looked up by its unique generation_id. As a plain join, Postgres
 * hashes every report ever made to match one day of generations (about 300 ms at 200,000 reports); the
 * LIMIT keeps the subquery apart, so each generation probes the index instead (about 30 ms).
 */
const reportOf = sql`select q.id, q.status, q.reason, q.details, q.credits_refunded from refund_requests q
  where q.generation_id = g.id and q.kind = 'generation' limit 1`;

/** The figures of each day in the runs, by feature, model version and platform, from the source tables. */
export function sourceFigures(runs: readonly Period[], featureKey?: string): SQL {
  return sql`
    select ${generationDay} as day, g.feature_key, g.model_version, g.platform,
      count(*)::int as generations,
      count(*) filter (where g.status = 'succeeded')::int as succeeded,
      count(*) filter (where g.status in ('failed', 'expired'))::int as failed,
      count(q.id)::int as refund_requests,
      count(q.id) filter (where q.status = 'approved')::int as approved,
      count(q.id) filter (where q.status = 'denied')::int as denied,
      count(q.id) filter (where q.status = 'in_review')::int as in_review,
      coalesce(sum(g.cost) filter (where g.status = 'succeeded'), 0)::int8 as credits_spent,
      coalesce(sum(q.credits_refunded), 0)::int8 as credits_refunded
    from generations g
    left join lateral (${reportOf}) q on true
    where ${madeWithin(runs)} and ${featureOnly(sql`g.feature_key`, featureKey)}
    group by 1, g.feature_key, g.model_version, g.platform`;
}

/** The "Bad result" reports of each day in the runs, by feature, reason and exact text, from the source tables. */
export function sourceReports(runs: readonly Period[], featureKey?: string): SQL {
  return sql`
    select ${generationDay} as day, g.feature_key, q.reason, q.details,
      count(*)::int as reports, coalesce(sum(q.credits_refunded), 0)::int8 as credits_refunded
    from generations g
    cross join lateral (${reportOf}) q
    where ${madeWithin(runs)} and ${featureOnly(sql`g.feature_key`, featureKey)}
    group by 1, g.feature_key, q.reason, q.details`;
}

/** The rollup rows of the built days and the source's rows of the others, as one union; null when the period is empty. */
function bothSides(
  period: { built: string[]; source: Period[] },
  rollup: (days: SQL) => SQL,
  source: (runs: readonly Period[]) => SQL,
): SQL | null {
  const parts = [
    ...(period.built.length > 0 ? [rollup(dateArray(period.built))] : []),
    ...(period.source.length > 0 ? [source(period.source)] : []),
  ];
  return parts.length > 0 ? sql.join(parts, sql` union all `) : null;
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

/**
 * Every day of the period, by feature, model version and platform; `featureKey` narrows it to one
 * feature. Run it inside readingInsights, so that the days it plans and the rows it reads agree.
 */
export async function dailyFigures(tx: Executor, period: Period, featureKey?: string): Promise<DayFigures[]> {
  const union = bothSides(
    await planDays(tx, period),
    (days) => sql`select day::text as day, ${figureColumns} from insight_daily
      where day = any(${days}) and ${featureOnly(sql`feature_key`, featureKey)}`,
    (runs) => sql`select day::text as day, ${figureColumns} from (${sourceFigures(runs, featureKey)}) s`,
  );
  if (!union) return [];
  const rows = await tx.execute<FigureRow>(union);
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
 * identical texts arrive once with their count, so themes read each wording once. Run it inside
 * readingInsights.
 */
export async function reportTexts(
  tx: Executor,
  period: Period,
  split: string,
  featureKey?: string,
): Promise<ReportTexts[]> {
  const columns = sql.raw("day, feature_key, reason, details, reports, credits_refunded");
  const union = bothSides(
    await planDays(tx, period),
    (days) => sql`select ${columns} from insight_daily_reports
      where day = any(${days}) and ${featureOnly(sql`feature_key`, featureKey)}`,
    (runs) => sql`select ${columns} from (${sourceReports(runs, featureKey)}) s`,
  );
  if (!union) return [];
  const rows = await tx.execute<TextRow>(sql`
    select feature_key, reason, details, day >= ${split}::date as later,
      sum(reports)::int as reports, sum(credits_refunded)::int8 as credits_refunded
    from (${union}) t
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
