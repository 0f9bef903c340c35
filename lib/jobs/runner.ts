import "server-only";
import { run } from "graphile-worker";
import { databaseUrls } from "@/lib/config";
import { keepCheckingOutputs } from "@/lib/quality/worker";
import { jobQueueLogger } from "./logger";
import { keepQueueingRequestedJobs } from "./requests";
import { schedule, tasks } from "./tasks";

/** Deliveries wait on other servers, so a few run side by side; the database work in each is short. */
const concurrency = 5;

/** A process's share of the background work; `promise` settles once it has stopped. */
export type JobRunner = { stop: () => Promise<void>; promise: Promise<void> };

const globalForJobs = globalThis as unknown as { makegoodJobs?: Promise<JobRunner> };

/**
 * Moves requested jobs into the queue and runs them, and checks the outputs whose quality checks are due.
 * Every job worker (or app server with RUN_JOBS) does all three; row locks hand each request, job and
 * check to exactly one of them.
 */
export function startJobRunner(): Promise<JobRunner> {
  globalForJobs.makegoodJobs ??= startRunning();
  return globalForJobs.makegoodJobs;
}

async function startRunning(): Promise<JobRunner> {
  const runner = await run({
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
        // go back together: a webhook delivery per event otherwise costs the queue two statements of its
        // own. A job waits locally at most a minute, well inside the 120 s after which jobs count as stalled.
        localQueue: { size: concurrency + 1, ttl: 60_000 },
        completeJobBatchDelay: 0,
      },
    },
  });
  const mover = keepQueueingRequestedJobs();
  const checker = keepCheckingOutputs();
  return {
    stop: async () => {
      await Promise.all([mover.stop(), checker.stop()]);
      await runner.stop();
    },
    promise: runner.promise,
  };
}
