import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { runOnce } from "graphile-worker";
import { connect, db } from "@/db/client";
import { databaseUrls } from "@/lib/config";
import { jobQueueLogger } from "@/lib/jobs/logger";
import { queueRequestedJobs, requestsPerMove } from "@/lib/jobs/requests";
import { tasks } from "@/lib/jobs/tasks";
import { checkClaimed, claimDueChecks } from "@/lib/quality/worker";

/** Moves every job asked for so far into the queue, as a job worker's mover does. */
export async function queueAllRequestedJobs(): Promise<void> {
  while ((await queueRequestedJobs()) === requestsPerMove);
}

/** Runs every quality check that is due now, as a job worker's checker would, until none is left due. */
export async function checkAllDueOutputs(): Promise<void> {
  for (;;) {
    const claimed = await claimDueChecks(db, 100);
    if (claimed.length === 0) return;
    await Promise.all(claimed.map((check) => checkClaimed(check)));
  }
}

/**
 * Runs every job asked for and due now, and every quality check due now, as an app instance's workers would
 * (the queue on the direct URL, the handlers on the app's pool), and returns when the queue is idle.
 */
export async function runDueJobs(): Promise<void> {
  await queueAllRequestedJobs();
  await checkAllDueOutputs();
  await runOnce({ connectionString: databaseUrls().direct, taskList: tasks, logger: jobQueueLogger });
}

/** Brings every scheduled job and quality check forward to now, as if its wait (a retry's backoff) had passed. */
export async function makeScheduledJobsDue(): Promise<void> {
  await queueAllRequestedJobs();
  await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where run_at > now()`);
  await db.execute(sql`update quality_checks set next_attempt_at = now() where next_attempt_at > now()`);
}

/** The quality checks still pending, in the order they come due; `dueIn` is in seconds. */
export function pendingChecks() {
  return db.execute<{ generationId: string; attempts: number; dueIn: number }>(sql`
    select generation_id as "generationId", attempts, extract(epoch from next_attempt_at - now())::float8 as "dueIn"
    from quality_checks where status = 'pending' order by next_attempt_at, generation_id`);
}

/** The jobs waiting in the queue, by task, in the order the queue takes them, for assertions; `dueIn` is in seconds. */
export async function queuedJobs(task?: string) {
  await queueAllRequestedJobs();
  return db.execute<{ task: string; payload: unknown; attempts: number; lastError: string | null; dueIn: number }>(sql`
    select tasks.identifier as task, jobs.payload, jobs.attempts, jobs.last_error as "lastError",
      extract(epoch from jobs.run_at - now())::float8 as "dueIn"
    from graphile_worker._private_jobs jobs join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
    where ${task ?? null}::text is null or tasks.identifier = ${task ?? null}::text order by jobs.run_at, jobs.id`);
}

/**
 * What the job queue was told (NOTIFY on its "jobs:insert" channel) while `call` ran, in order. A marker
 * sent after it comes last, since notifications arrive in the order they were committed.
 */
export async function queueNotificationsDuring(call: () => Promise<unknown>): Promise<string[]> {
  const listener = connect(databaseUrls().direct, 1).sql;
  const marker = `marker-${randomUUID()}`;
  const heard: string[] = [];
  let markerHeard = () => {};
  const markerArrived = new Promise<void>((resolve) => (markerHeard = resolve));
  try {
    await listener.listen("jobs:insert", (payload) => (payload === marker ? markerHeard() : heard.push(payload)));
    await call();
    await listener`select pg_notify('jobs:insert', ${marker})`;
    await markerArrived;
    return heard;
  } finally {
    await listener.end();
  }
}
