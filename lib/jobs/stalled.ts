import "server-only";
import { sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";

/**
 * Every job here is bounded by its own timeout, well under this. A job locked for longer belongs to
 * a process that was killed, and the queue itself would only hand it on after four hours.
 */
export const stalledAfterSeconds = 120;

/** Hands the jobs of dead workers back to the queue, so an attempt that never recorded its answer is made again. */
export async function recoverStalledJobs(executor: Executor = db): Promise<number> {
  const [recovered] = await executor.execute<{ workers: number }>(sql`
    with dead as (
      select array_agg(distinct locked_by) as workers from graphile_worker.jobs
      where locked_by is not null and locked_at < now() - make_interval(secs => ${stalledAfterSeconds})
    )
    select coalesce(cardinality(workers), 0)::int as workers,
      graphile_worker.force_unlock_workers(coalesce(workers, '{}'))
    from dead`);
  return recovered?.workers ?? 0;
}
