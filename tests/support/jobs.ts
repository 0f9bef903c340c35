import { sql } from "drizzle-orm";
import { runOnce, type RunnerOptions } from "graphile-worker";
import { db } from "@/db/client";
import { databaseUrls } from "@/lib/config";
import { jobQueueLogger } from "@/lib/jobs/logger";
import { tasks } from "@/lib/jobs/tasks";

/**
 * Runs every job that is due now, as an app instance's workers would (the queue on the direct URL, the
 * handlers on the app's pool), and returns when the queue is idle. `events` hears which jobs this
 * instance ran, when several run at once.
 */
export async function runDueJobs({ events }: Pick<RunnerOptions, "events"> = {}): Promise<void> {
  await runOnce({ connectionString: databaseUrls().direct, taskList: tasks, logger: jobQueueLogger, events });
}

/** Brings every scheduled job forward to now, as if its wait (a retry's backoff) had passed. */
export async function makeScheduledJobsDue(): Promise<void> {
  await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where run_at > now()`);
}

/** The jobs waiting in the queue, by task, for assertions. */
export async function queuedJobs(task?: string) {
  return db.execute<{ task: string; payload: unknown; attempts: number; lastError: string | null }>(sql`
    select tasks.identifier as task, jobs.payload, jobs.attempts, jobs.last_error as "lastError"
    from graphile_worker._private_jobs jobs join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
    where ${task ?? null}::text is null or tasks.identifier = ${task ?? null}::text order by jobs.id`);
}
