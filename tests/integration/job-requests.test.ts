import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { connectApp, db } from "@/db/client";
import { enqueueJob, jobRequestsInsert } from "@/lib/jobs/enqueue";
import { keepQueueingRequestedJobs, queueRequestedJobs } from "@/lib/jobs/requests";
import { queueAllRequestedJobs, queueNotificationsDuring, queuedJobs, runDueJobs } from "../support/jobs";

/** Job requests not yet moved into the queue. */
async function requestsLeft(): Promise<number> {
  const [row] = await db.execute<{ count: number }>(sql`select count(*)::int as count from job_requests`);
  return row!.count;
}

const deliveryIds = async () =>
  (await queuedJobs("webhook.deliver")).map((job) => (job.payload as { deliveryId: string }).deliveryId);

describe("jobs asked for by app transactions", () => {
  const workers = Array.from({ length: 8 }, () => connectApp(1));
  afterAll(() => Promise.all(workers.map((worker) => worker.sql.end())));
  // Each test reads the queue from empty.
  afterEach(() => db.execute(sql`delete from graphile_worker._private_jobs`));

  it("moves each request into the queue exactly once while eight job workers move at the same time", async () => {
    await db.execute(
      jobRequestsInsert(
        "webhook.deliver",
        { payload: sql`json_build_object('deliveryId', 'many-' || n)` },
        sql`from generate_series(1, 1234) n`,
      ),
    );

    const taken = await Promise.all(
      workers.map(async (worker) => {
        let total = 0;
        for (;;) {
          const moved = await queueRequestedJobs(worker.db);
          if (moved === 0) return total;
          total += moved;
        }
      }),
    );

    expect(taken.reduce((sum, n) => sum + n, 0)).toBe(1234);
    expect(await requestsLeft()).toBe(0);
    const ids = await deliveryIds();
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
  });

  it("tells the queue once per move, and not at all when there is nothing to move", async () => {
    for (const n of [1, 2, 3]) await enqueueJob(db, "webhook.deliver", { deliveryId: `told-${n}` });

    expect(await queueNotificationsDuring(queueAllRequestedJobs)).toHaveLength(1);
    expect(await queueNotificationsDuring(queueAllRequestedJobs)).toEqual([]);
    expect(await deliveryIds()).toEqual(["told-1", "told-2", "told-3"]);
  });

  it("makes requests with one job key into one job, the latest one's, within a move and across moves", async () => {
    const key = "webhook.deliver:same";
    await enqueueJob(db, "webhook.deliver", { deliveryId: "first" }, { jobKey: key });
    await enqueueJob(db, "webhook.deliver", { deliveryId: "second" }, { jobKey: key });
    await enqueueJob(db, "webhook.deliver", { deliveryId: "unkeyed" });
    expect(await deliveryIds()).toEqual(["second", "unkeyed"]);

    await enqueueJob(db, "webhook.deliver", { deliveryId: "third" }, { jobKey: key });
    expect(await deliveryIds()).toEqual(["unkeyed", "third"]);
  });

  it("keeps a request's own time and attempts, and runs the rest in the order they were asked for", async () => {
    await enqueueJob(db, "holds.expire", {}, { runAt: new Date(Date.now() + 90_000), maxAttempts: 2 });
    await enqueueJob(db, "webhook.deliver", { deliveryId: "asked-first" });
    await enqueueJob(db, "webhook.deliver", { deliveryId: "asked-second" });

    const [later] = await queuedJobs("holds.expire");
    expect(later!.dueIn).toBeGreaterThan(85);
    expect(later!.dueIn).toBeLessThanOrEqual(90);
    const [attempts] = await db.execute<{ max: number }>(sql`select max_attempts as max from graphile_worker.jobs
      where task_identifier = 'holds.expire'`);
    expect(attempts).toEqual({ max: 2 });
    expect(await deliveryIds()).toEqual(["asked-first", "asked-second"]);
  });

  it("keeps moving requests until stopped, and leaves them for another worker after", async () => {
    const mover = keepQueueingRequestedJobs();
    await enqueueJob(db, "holds.expire", {});
    await expect.poll(requestsLeft, { timeout: 5_000 }).toBe(0);
    await mover.stop();

    await enqueueJob(db, "holds.expire", {});
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await requestsLeft()).toBe(1);
    await runDueJobs();
    expect(await requestsLeft()).toBe(0);
    expect(await queuedJobs("holds.expire")).toEqual([]);
  });

  it("says once that requests cannot be moved while the database refuses, and again once they move", async () => {
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    const recovered = vi.spyOn(console, "log").mockImplementation(() => {});
    await db.execute(sql`alter table job_requests rename to job_requests_away`);
    const mover = keepQueueingRequestedJobs(workers[0]!.db);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(failed).toHaveBeenCalledTimes(1);
      expect(failed.mock.calls[0]![0]).toBe("Job requests cannot be moved into the job queue; trying again.");
      expect(recovered).not.toHaveBeenCalled();

      await db.execute(sql`alter table job_requests_away rename to job_requests`);
      await enqueueJob(db, "holds.expire", {});
      await expect.poll(requestsLeft, { timeout: 5_000 }).toBe(0);
      expect(recovered).toHaveBeenCalledExactlyOnceWith("Job requests are moving into the job queue again.");
      expect(failed).toHaveBeenCalledTimes(1);
    } finally {
      await mover.stop();
      failed.mockRestore();
      recovered.mockRestore();
    }
  });
});
