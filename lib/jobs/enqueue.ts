import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** Every kind of background job, with what it is handed. A task's name is its handler's key in tasks.ts. */
export type JobPayloads = {
  "holds.expire": Record<string, never>;
  "jobs.recover_stalled": Record<string, never>;
  "webhook.deliver": { deliveryId: string };
  "insights.rollup": Record<string, never>;
  "refunds.rebuild_facts": Record<string, never>;
  "payment.refund": { providerRefundId: string };
  "auth.prune_login_attempts": Record<string, never>;
  "rate_limits.prune": Record<string, never>;
};

export type JobName = keyof JobPayloads;

export type EnqueueOptions = { runAt?: Date; jobKey?: string; maxAttempts?: number };

/** A job's settings in a statement: expressions, each read from the row the job is for. */
export type JobRequestValues = {
  payload: SQLWrapper;
  runAt?: SQLWrapper;
  maxAttempts?: SQLWrapper;
  jobKey?: SQLWrapper;
};

/**
 * The insert that asks for a `name` job for each row of `from` (one job without it), as a statement or a
 * WITH query of one, returning each request's id. A job worker moves the requests into the queue
 * (`lib/jobs/requests.ts`), so they run only once the statement commits, and never for a rollback.
 */
export function jobRequestsInsert(name: JobName, values: JobRequestValues, from: SQL = sql``): SQL {
  return sql`insert into job_requests (task, payload, run_at, max_attempts, job_key)
    select ${name}::text, ${values.payload}, ${values.runAt ?? sql`null`}::timestamptz,
      ${values.maxAttempts ?? sql`null`}::int, ${values.jobKey ?? sql`null`}::text
    ${from}
    returning id`;
}

/** Asks for a job on the caller's own connection: inside a transaction it exists exactly when that transaction commits. */
export async function enqueueJob<Name extends JobName>(
  executor: Executor,
  name: Name,
  payload: JobPayloads[Name],
  options: EnqueueOptions = {},
): Promise<void> {
  await executor.execute(
    jobRequestsInsert(name, {
      payload: sql`${JSON.stringify(payload)}::json`,
      runAt: sql`${options.runAt?.toISOString() ?? null}`,
      maxAttempts: sql`${options.maxAttempts ?? null}`,
      jobKey: sql`${options.jobKey ?? null}`,
    }),
  );
}
