import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGenerationAction, reportBadResultAction } from "@/app/(customer)/actions";
import { requestPurchaseRefundAction } from "@/app/(customer)/purchases/actions";
import { GET as balanceRoute } from "@/app/api/me/balance/route";
import { GET as generationsRoute } from "@/app/api/me/generations/route";
import { GET as notificationsRoute } from "@/app/api/me/notifications/route";
import { db } from "@/db/client";
import { generations, rateLimitHits, refundRequests } from "@/db/schema";
import { idleState, type ActionState } from "@/lib/auth/action-state.shared";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { schedule } from "@/lib/jobs/tasks";
import { overRateLimit, pruneRateLimitHits, rateLimits, type RateLimitKind } from "@/lib/limits/rate-limits";
import { recordPurchase } from "@/lib/purchases/purchases";
import { form } from "../support/forms";
import { runDueJobs } from "../support/jobs";
import { customerWith, widePool } from "../support/ledger";
import { person } from "../support/people";
import { madeGeneration } from "../support/refunds";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

// Read lazily by the config module, so setting them before the first call is enough.
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-limits-"));
Object.assign(process.env, { DATA_DIR: dataDir, DEMO_DELAY_MS: "0" });
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

/**
 * The clock stands twenty seconds into the current minute, so that a burst stays in one window and
 * has 40 seconds left to wait; it stays near the database's own clock, which dates the rows.
 */
const minute = Math.floor(Date.now() / 60_000) * 60_000;
const twentySecondsIn = new Date(minute + 20_000);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: twentySecondsIn });
});
afterEach(() => {
  vi.useRealTimers();
});

let customers = 0;

/** A signed-in customer of their own, so that no count carries over from another test. */
async function freshCustomer() {
  const id = `limited-${++customers}`;
  await customerWith(id, 100);
  const user = await person(`${id}@example.com`, "customer", { customerId: id });
  signedInAs(user.email);
  return { id, user };
}

const refusal = (kind: RateLimitKind, wait: string) =>
  `That is more than ${rateLimits[kind].perMinute} ${rateLimits[kind].what} in a minute. Please try again in ${wait}.`;

const routes: { kind: RateLimitKind; get: () => Promise<Response> }[] = [
  { kind: "poll.generations", get: () => generationsRoute(new Request("http://app.test/api/me/generations"), {}) },
  { kind: "poll.balance", get: () => balanceRoute(new Request("http://app.test/api/me/balance"), {}) },
  {
    kind: "poll.notifications",
    get: () => notificationsRoute(new Request("http://app.test/api/me/notifications"), {}),
  },
];

describe("the customer's polling routes", () => {
  it.each(routes)(
    "answer $kind up to its limit, then 429 with Retry-After until the next minute",
    async ({ kind, get }) => {
      await freshCustomer();

      for (let call = 1; call <= rateLimits[kind].perMinute; call++) {
        expect((await get()).status, `call ${call}`).toBe(200);
      }
      const refused = await get();

      expect(refused.status).toBe(429);
      expect(refused.headers.get("Retry-After")).toBe("40");
      expect(await refused.json()).toEqual({ error: { code: "rate.limited", message: refusal(kind, "40 seconds") } });

      vi.setSystemTime(minute + 60_000);
      expect((await get()).status).toBe(200);
    },
  );

  it("count each customer apart", async () => {
    const { get } = routes[0]!;
    await freshCustomer();
    for (let call = 1; call <= rateLimits["poll.generations"].perMinute; call++) await get();
    expect((await get()).status).toBe(429);

    await freshCustomer();
    expect((await get()).status).toBe(200);
  });

  it("let exactly the limit through when a burst arrives at once", async () => {
    const { get } = routes[1]!;
    await freshCustomer();
    const limit = rateLimits["poll.balance"].perMinute;

    const statuses = await Promise.all(Array.from({ length: limit * 2 }, async () => (await get()).status));

    expect(statuses.filter((status) => status === 200)).toHaveLength(limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(limit);
  });
});

/**
 * Each action, with a form that it refuses by itself once the limit has counted it (so that the calls
 * up to the limit write nothing), and one that it accepts when the limit allows.
 */
const actions: {
  kind: RateLimitKind;
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  refusedBy: string;
  refused: Record<string, string>;
  accepted: (customerId: string) => Promise<Record<string, string>>;
}[] = [
  {
    kind: "generation.start",
    action: createGenerationAction,
    refusedBy: "sample.unknown",
    refused: { featureKey: "recolor", sampleId: "no-such-sample" },
    accepted: async () => ({ featureKey: "recolor", sampleId: "mug" }),
  },
  {
    kind: "refund.report",
    action: reportBadResultAction,
    refusedBy: "generation.not_found",
    refused: { generationId: "no-such-generation", reason: "blurry", details: "The whole product is out of focus" },
    accepted: async (customerId) => {
      await madeGeneration(customerId, `${customerId}-gen`, { cost: 3 });
      return { generationId: `${customerId}-gen`, reason: "blurry", details: "The whole product is out of focus" };
    },
  },
  {
    kind: "purchase_refund.request",
    action: requestPurchaseRefundAction,
    refusedBy: "purchase.not_found",
    refused: { purchaseId: "no-such-purchase", reason: "accidental", details: "I bought the wrong pack" },
    accepted: async (customerId) => {
      await recordPurchase({
        id: `${customerId}-purchase`,
        customerId,
        product: "credits_100",
        amount: 999,
        currency: "USD",
        provider: "demo",
        paymentRef: `ch_${customerId}`,
        purchasedAt: new Date(minute - 3_600_000),
      });
      return { purchaseId: `${customerId}-purchase`, reason: "accidental", details: "I bought the wrong pack" };
    },
  },
];

const written = () => rowsOf({ generations, refundRequests });

describe("the customer's actions", () => {
  it.each(actions)(
    "refuse $kind past its limit with a state that says when to try again, writing nothing",
    async ({ kind, action, refusedBy, refused, accepted }) => {
      const { id } = await freshCustomer();
      const valid = await accepted(id);

      for (let call = 1; call <= rateLimits[kind].perMinute; call++) {
        expect(await action(idleState, form(refused)), `call ${call}`).toMatchObject({ code: refusedBy });
      }
      const before = await written();
      vi.setSystemTime(minute + 59_500);
      const state = await action(idleState, form(valid));

      expect(state).toEqual({ status: "error", code: "rate.limited", message: refusal(kind, "1 second") });
      expect(await written()).toEqual(before);

      vi.setSystemTime(minute + 60_000);
      expect(await action(idleState, form(valid))).toMatchObject({ status: "success" });
      // A started generation finishes in the background; later tests compare the table.
      await expect
        .poll(async () => (await written()).generations.filter((row) => row.status === "running"))
        .toEqual([]);
    },
  );
});

describe("the count", () => {
  it("passes exactly the limit when many connections count at once", async () => {
    const pool = widePool(30);
    try {
      const { user } = await freshCustomer();
      const refusals = await Promise.all(
        Array.from({ length: 90 }, () => overRateLimit("refund.report", user.id, { executor: pool.db })),
      );
      expect(refusals.filter((refused) => refused === null)).toHaveLength(rateLimits["refund.report"].perMinute);
      const [row] = await db
        .select()
        .from(rateLimitHits)
        .where(eq(rateLimitHits.bucket, `refund.report:${user.id}`));
      expect(row?.hits).toBe(90);
    } finally {
      await pool.sql.end();
    }
  });

  it("forgets the windows that ended over a minute ago", async () => {
    await db.delete(rateLimitHits);
    const windows = [minute - 180_000, minute - 120_000, minute - 60_000, minute].map((time) => new Date(time));
    await db
      .insert(rateLimitHits)
      .values(windows.map((windowStart) => ({ bucket: "poll.balance:someone", windowStart, hits: 3 })));

    expect(await pruneRateLimitHits(twentySecondsIn)).toBe(2);

    const kept = await db.select({ windowStart: rateLimitHits.windowStart }).from(rateLimitHits);
    expect(kept.map((row) => row.windowStart.getTime()).sort()).toEqual([minute - 60_000, minute]);
  });

  it("is pruned each minute by the job queue", async () => {
    expect(schedule.map((item) => item.task)).toContain("rate_limits.prune");
    // The queue runs on the real clock, which has moved on since this file began.
    vi.useRealTimers();
    await db.delete(rateLimitHits);
    const [old, current] = [Date.now() - 3_600_000, Date.now()].map((time) => new Date(time));
    await db.insert(rateLimitHits).values([
      { bucket: "poll.balance:someone", windowStart: old!, hits: 3 },
      { bucket: "poll.balance:someone", windowStart: current!, hits: 3 },
    ]);

    await db.transaction((tx) => enqueueJob(tx, "rate_limits.prune", {}));
    await runDueJobs();

    const kept = await db.select({ windowStart: rateLimitHits.windowStart }).from(rateLimitHits);
    expect(kept).toEqual([{ windowStart: current }]);
  });
});
