import "server-only";
import { sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { keepRepeating, type Repeating } from "./keep-repeating";

/** Requests moved per statement: one call into the queue, and one NOTIFY, for all of them. */
export const requestsPerMove = 500;

/**
 * Moves the oldest job requests into the job queue, in one statement: each request is deleted as its job
 * is added, so it becomes exactly one job even with several job workers moving at once (they skip the
 * rows another has locked). Two requests with one job key in a move become the later one's job, as the
 * later request would have replaced the earlier job anyway. A job asked for without a time runs from
 * when it was asked for, so the queue takes them in that order. Resolves with how many requests it took.
 */
export async function queueRequestedJobs(executor: Executor = db): Promise<number> {
  const [moved] = await executor.execute<{ taken: number }>(sql`
    with taken as (
      delete from job_requests where id in (
        select id from job_requests order by id limit ${requestsPerMove} for update skip locked)
      returning *
    ), latest as (
      select distinct on (coalesce(job_key, id::text)) * from taken order by coalesce(job_key, id::text), id desc
    ), specs as (
      select array_agg((task, payload, null, coalesce(run_at, created_at), max_attempts::smallint, job_key, null, null)::graphile_worker.job_spec
        order by id) as specs
      from latest having count(*) > 0
    ), added as (
      select job.id from specs, graphile_worker.add_jobs(specs.specs) job
    )
    -- A WITH query that only reads runs when the statement reads it.
    select (select count(*) from taken)::int as taken, (select count(*) from added)::int as added`);
  return moved?.taken ?? 0;
}

/** Keeps moving job requests into the queue until stopped: at once again after a full move. */
export function keepQueueingRequestedJobs(executor: Executor = db): Repeating {
  return keepRepeating(async () => (await queueRequestedJobs(executor)) === requestsPerMove, {
    failing: "Job requests cannot be moved into the job queue; trying again.",
    recovered: "Job requests are moving into the job queue again.",
  });
}
