import { migrateDatabase } from "@/db/migrate";
import { databaseUrls } from "@/lib/config";
import { startJobRunner } from "@/lib/jobs/runner";
import { onExit, run } from "./lifecycle";

/**
 * `npm run worker`: a process that only works the job queue (quality checks, webhook deliveries, hold
 * expiry and the other scheduled jobs), on DATABASE_URL as the app servers are. Run as many as the
 * background work needs, and the app servers with RUN_JOBS=false; `npm start` runs JOB_WORKERS of them
 * itself. SIGTERM lets the jobs in hand finish first.
 */
run(
  async () => {
    await migrateDatabase(databaseUrls().direct);
    const runner = await startJobRunner();
    onExit(() => runner.stop());
    console.log(`Job worker ${process.pid}: working the job queue.`);
    await runner.promise;
    return 0;
  },
  { onSignal: 0 },
);
