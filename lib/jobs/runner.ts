import "server-only";
import { run, type Runner } from "graphile-worker";
import { databaseUrls } from "@/lib/config";
import { jobQueueLogger } from "./logger";
import { schedule, tasks } from "./tasks";

/** Deliveries wait on other servers, so a few run side by side; the database work in each is short. */
const concurrency = 5;

const globalForJobs = globalThis as unknown as { makegoodJobs?: Promise<Runner> };

/** Every app instance runs workers; the queue's row locks hand each job to exactly one of them. */
export function startJobRunner(): Promise<Runner> {
  globalForJobs.makegoodJobs ??= run({
    // LISTEN for new jobs needs a session of its own, which a transaction pooler does not keep.
    connectionString: databaseUrls().direct,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: tasks,
    parsedCronItems: schedule,
    logger: jobQueueLogger,
    preset: {
      worker: {
        // Each fetch locks a few due jobs ahead for this process, and completions finished in the same tick
        // go back together: a quality check per success otherwise costs the queue two statements of its
        // own. A job waits locally at most a minute, well inside the 120 s after which jobs count as stalled.
        localQueue: { size: concurrency + 1, ttl: 60_000 },
        completeJobBatchDelay: 0,
      },
    },
  });
  return globalForJobs.makegoodJobs;
}
