import "server-only";
import { sql } from "drizzle-orm";
import { db, type Database } from "@/db/client";
import { dateArray, dayRuns, sourceFigures, sourceReports } from "./daily";

/**
 * Builds the insight rollups of every ended day that has none yet, and rebuilds every day with changes
 * waiting, each from the source tables. It is exact because of how the pieces meet:
 * - triggers on generations and refund_requests log the day of any change made after that day ended;
 * - this runs in one REPEATABLE READ snapshot: it rebuilds a day from that snapshot and deletes only
 *   the change rows that snapshot saw, so a change committed meanwhile keeps its row and its day is
 *   read from the source until the next run;
 * - a day is built only an hour after it ended, so that no transaction that began on that day, and so
 *   logged nothing, can still commit after the snapshot.
 * Returns how many days it built. Runs that overlap leave the work to the first.
 */
export async function refreshInsightRollups(executor: Database = db): Promise<number> {
  return executor.transaction(
    async (tx) => {
      const [lock] = await tx.execute<{ locked: boolean }>(
        sql`select pg_try_advisory_xact_lock(hashtext('insights.rollup')) as locked`,
      );
      if (!lock?.locked) return 0;
      const cutoff = sql`((now() - interval '1 hour') at time zone 'UTC')::date`;
      const due = await tx.execute<{ day: string }>(sql`
        select d::date::text as day
        from (select (min(created_at) at time zone 'UTC')::date as first from generations) g,
          generate_series(g.first, ${cutoff} - 1, interval '1 day') d
        where not exists (select 1 from insight_rollup_days r where r.day = d::date)
        union
        select distinct day::text from insight_changes where day < ${cutoff}`);
      const days = due.map((row) => row.day).sort();
      if (days.length === 0) return 0;
      const dayArray = dateArray(days);
      const runs = dayRuns(days);
      await tx.execute(sql`delete from insight_daily where day = any(${dayArray})`);
      await tx.execute(sql`delete from insight_daily_reports where day = any(${dayArray})`);
      await tx.execute(sql`
        insert into insight_daily (day, feature_key, model_version, platform, generations, succeeded, failed,
          refund_requests, approved, denied, in_review, credits_spent, credits_refunded)
        ${sourceFigures(runs)}`);
      await tx.execute(sql`
        insert into insight_daily_reports (day, feature_key, reason, details, reports, credits_refunded)
        ${sourceReports(runs)}`);
      await tx.execute(sql`
        insert into insight_rollup_days (day) select unnest(${dayArray})
        on conflict (day) do update set built_at = now()`);
      await tx.execute(sql`delete from insight_changes where day = any(${dayArray})`);
      return days.length;
    },
    { isolationLevel: "repeatable read" },
  );
}
