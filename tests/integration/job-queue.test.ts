import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { generations } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startJobRunner } from "@/lib/jobs/runner";
import { recoverStalledJobs, stalledAfterSeconds } from "@/lib/jobs/stalled";
import { makeScheduledJobsDue, queueAllRequestedJobs, queuedJobs, runDueJobs } from "../support/jobs";
import { balanceOf, customerWith, startFor } from "../support/ledger";

describe("the background job queue", () => {
  it("adds a job with the caller's transaction, and not when that transaction rolls back", async () => {
    await db.transaction(async (tx) => enqueueJob(tx, "holds.expire", {})).catch(() => undefined);
    await db
      .transaction(async (tx) => {
        await enqueueJob(tx, "jobs.recover_stalled", {});
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect((await queuedJobs()).map((job) => job.task)).toEqual(["holds.expire"]);
  });

  it("runs the hold sweep as a job: an overdue hold is released once, however many sweeps are due", async () => {
    await customerWith("sweep-customer", 20);
    await startFor("sweep-customer", "sweep-gen", 5);
    await db
      .update(generations)
      .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(generations.id, "sweep-gen"));
    await Promise.all([1, 2, 3].map(() => db.transaction((tx) => enqueueJob(tx, "holds.expire", {}))));
    await runDueJobs();

    const [generation] = await db.select().from(generations).where(eq(generations.id, "sweep-gen"));
    expect(generation?.status).toBe("expired");
    expect(await balanceOf("sweep-customer")).toMatchObject({ available: 20, held: 0, posted: 20 });
    expect(await queuedJobs()).toEqual([]);
  });

  it("hands back a job whose worker died, so the attempt is made again", async () => {
    await customerWith("stalled-customer", 10);
    await startFor("stalled-customer", "stalled-gen", 4);
    await db
      .update(generations)
      .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(generations.id, "stalled-gen"));
    await db.transaction((tx) => enqueueJob(tx, "holds.expire", {}));
    await queueAllRequestedJobs();
    // A worker took the job and was killed before it finished.
    await db.execute(sql`update graphile_worker._private_jobs set locked_by = 'killed-worker',
      locked_at = now() - make_interval(secs => ${stalledAfterSeconds + 5})`);
    await runDueJobs();
    expect(await balanceOf("stalled-customer")).toMatchObject({ held: 4 });

    expect(await recoverStalledJobs()).toBe(1);
    await makeScheduledJobsDue();
    await runDueJobs();
    expect(await balanceOf("stalled-customer")).toMatchObject({ available: 10, held: 0 });
  });

  it("leaves a job alone while its worker is within the time any job may take", async () => {
    await db.transaction((tx) => enqueueJob(tx, "holds.expire", {}));
    await queueAllRequestedJobs();
    await db.execute(sql`update graphile_worker._private_jobs set locked_by = 'busy-worker', locked_at = now()`);
    expect(await recoverStalledJobs()).toBe(0);
    expect(await queuedJobs("holds.expire")).toHaveLength(1);
  });

  it("starts an app instance's workers with the schedule, and they pick up a job as soon as it is added", async () => {
    const runner = await startJobRunner();
    try {
      await customerWith("runner-customer", 9);
      await startFor("runner-customer", "runner-gen", 3);
      await db
        .update(generations)
        .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
        .where(eq(generations.id, "runner-gen"));
      await db.transaction((tx) => enqueueJob(tx, "holds.expire", {}));
      await expect.poll(() => balanceOf("runner-customer"), { timeout: 10_000 }).toMatchObject({ held: 0 });
    } finally {
      await runner.stop();
    }
  });
});
