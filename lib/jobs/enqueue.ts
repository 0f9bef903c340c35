import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** Every kind of background job, with what it is handed. A task's name is its handler's key in tasks.ts. */
export type JobPayloads = {
  "holds.expire": Record<string, never>;
  "jobs.recover_stalled": Record<string, never>;
  "webhook.deliver": { deliveryId: string };
  "quality.check": { generationId: string };
  "insights.rollup": Record<string, never>;
  "refunds.rebuild_facts": Record<string, never>;
  "payment.refund": { providerRefundId: string };
  "auth.prune_login_attempts": Record<string, never>;
  "rate_limits.prune": Record<string, never>;
};

export type JobName = keyof JobPayloads;

export type EnqueueOptions = { runAt?: Date; jobKey?: string; maxAttempts?: number };

/** The call that adds a job, as an expression: for a statement that adds jobs for rows it writes itself. */
export function addJobCall(
  name: JobName,
  payload: SQLWrapper,
  options: { runAt?: SQLWrapper; maxAttempts?: SQLWrapper; jobKey?: SQLWrapper } = {},
): SQL {
  return sql`graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${payload},
    run_at => ${options.runAt ?? sql`null`}::timestamptz,
    max_attempts => ${options.maxAttempts ?? sql`null`}::int,
    job_key => ${options.jobKey ?? sql`null`}::text
  )`;
}

/**
 * Adds a job on the caller's own connection: inside a transaction it exists exactly when that
 * transaction commits, so no change is left without its follow-up and no job runs for a rollback.
 */
export async function enqueueJob<Name extends JobName>(
  executor: Executor,
  name: Name,
  payload: JobPayloads[Name],
  options: EnqueueOptions = {},
): Promise<void> {
  await executor.execute(
    sql`select ${addJobCall(name, sql`${JSON.stringify(payload)}::json`, {
      runAt: sql`${options.runAt?.toISOString() ?? null}`,
      maxAttempts: sql`${options.maxAttempts ?? null}`,
      jobKey: sql`${options.jobKey ?? null}`,
    })}`,
  );
}
