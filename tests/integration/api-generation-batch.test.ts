import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { POST as postBatch } from "@/pages/api/v1/generations/batch";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { POST as postFail } from "@/pages/api/v1/generations/[id]/fail";
import { POST as postSucceed } from "@/pages/api/v1/generations/[id]/succeed";
import { connectApp, db } from "@/db/client";
import { customers, generations, transfers, webhookEvents } from "@/db/schema";
import { applyGenerationEvents, type GenerationEvent } from "@/lib/generations/batch";
import { databaseUrls } from "@/lib/config";
import { ChunkBalances } from "@/lib/generations/chunk-balances";
import { verifyLedger } from "@/lib/ledger/verify";
import { hostApi, recordedState } from "../support/api";
import { balanceOf, customerWith, generationFor, widePool } from "../support/ledger";
import { blockedBackend } from "../support/locks";

const call = hostApi();

type Event = Record<string, unknown>;
type Result = {
  status: number;
  generation?: Record<string, unknown>;
  balance?: unknown;
  error?: Record<string, unknown>;
};

async function batch(events: unknown): Promise<{ status: number; results: Result[] }> {
  const reply = await call(postBatch, { body: { events } });
  return { status: reply.status, results: (reply.body as { results: Result[] }).results };
}

/** The single call an event stands for, answered as a batch result: its status beside its body. */
async function single(event: Event): Promise<Result> {
  const { type, ...fields } = event;
  const { id, ...body } = fields;
  const reply =
    type === "start"
      ? await call(postGeneration, { body: fields })
      : await call(type === "succeed" ? postSucceed : postFail, { params: { id: String(id) }, body });
  return { status: reply.status, ...reply.body };
}

const start = (id: string, customerId: string, cost = 4, extra: Event = {}): Event => ({
  type: "start",
  ...generationFor(customerId, id, cost),
  ...extra,
});
const succeed = (id: string, outputUrl = `https://cdn.example/${id}.png`): Event => ({
  type: "succeed",
  id,
  outputUrl,
});
const fail = (id: string, errorCode = "gpu_out_of_memory"): Event => ({ type: "fail", id, errorCode });

/** The same events for another set of customers and generations, named by `ns`. */
function mixedEvents(ns: string): Event[] {
  return [
    start(`${ns}-g1`, `${ns}-rich`),
    start(`${ns}-g2`, `${ns}-rich`),
    start(`${ns}-g3`, `${ns}-nobody`),
    start(`${ns}-g4`, `${ns}-poor`),
    start(`${ns}-g5`, `${ns}-rich`, 4, { feature: "teleport" }),
    start(`${ns}-g6`, `${ns}-rich`, 0),
    succeed(`${ns}-g1`),
    succeed(`${ns}-never`),
    fail(`${ns}-g1`),
    fail(`${ns}-g2`),
    start(`${ns}-g1`, `${ns}-rich`),
    start(`${ns}-g1`, `${ns}-rich`, 5),
    succeed(`${ns}-g2`, "not a url"),
    fail(`${ns}-g2`, "another_code"),
    { type: "fail", id: "not an id", errorCode: "x" },
    { type: "start" },
    start(`${ns}-g7`, `${ns}-rich`, 4, { expectedWidth: 512 }),
  ];
}

/** Results of two namespaces compare equal once their names and clocks are set aside. */
function comparable(results: Result[], ns: string): unknown {
  return JSON.parse(
    JSON.stringify(results)
      .replaceAll(ns, "NS")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "TIME"),
  );
}

describe("POST /generations/batch", () => {
  it("answers each event with the status and body of its single call, refusals included", async () => {
    for (const ns of ["batched", "singles"]) {
      await customerWith(`${ns}-rich`, 100);
      await customerWith(`${ns}-poor`, 3);
    }
    const batched = await batch(mixedEvents("batched"));
    const singles: Result[] = [];
    for (const event of mixedEvents("singles")) singles.push(await single(event));

    expect(batched.status).toBe(200);
    expect(comparable(batched.results, "batched")).toEqual(comparable(singles, "singles"));
    expect(batched.results.map((result) => [result.status, result.error?.code ?? result.generation?.status])).toEqual([
      [201, "running"],
      [201, "running"],
      [404, "customer.not_found"],
      [402, "credits.insufficient"],
      [422, "feature.unknown"],
      [422, "validation.failed"],
      [200, "succeeded"],
      [404, "generation.not_found"],
      [409, "generation.already_resolved"],
      [200, "failed"],
      [200, "succeeded"],
      [409, "idempotency.mismatch"],
      [422, "validation.failed"],
      [409, "idempotency.mismatch"],
      [422, "validation.failed"],
      [422, "validation.failed"],
      [422, "validation.failed"],
    ]);
    expect(batched.results[5]!.error).toMatchObject({ field: "cost" });
    expect(batched.results[14]!.error).toMatchObject({ field: "id" });
    expect(await balanceOf("batched-rich")).toEqual(await balanceOf("singles-rich"));
    expect(await balanceOf("batched-rich")).toEqual({ available: 96, held: 0, posted: 96 });
  });

  it("refuses an event of no known type as that event's 422, and runs the rest", async () => {
    await customerWith("typeless", 10);
    const { results } = await batch([{ type: "explode", id: "x" }, 7, start("typeless-1", "typeless")]);
    expect(results).toEqual([
      {
        status: 422,
        error: { code: "validation.failed", field: "type", message: "type: must be one of start, succeed, fail" },
      },
      { status: 422, error: { code: "validation.failed", field: "body", message: "body: must be a JSON object" } },
      expect.objectContaining({ status: 201 }),
    ]);
  });

  it("applies events in order, so one batch may start a generation and finish it", async () => {
    await customerWith("ordered", 10);
    const { results } = await batch([
      start("ordered-1", "ordered", 3),
      succeed("ordered-1"),
      start("ordered-2", "ordered", 2),
      fail("ordered-2"),
    ]);
    expect(results.map((result) => [result.status, result.generation?.status, result.balance])).toEqual([
      [201, "running", { available: 7, held: 3, posted: 10 }],
      [200, "succeeded", { available: 7, held: 0, posted: 7 }],
      [201, "running", { available: 5, held: 2, posted: 7 }],
      [200, "failed", { available: 7, held: 0, posted: 7 }],
    ]);
  });

  it("answers a retried batch as retried single calls would, and changes nothing", async () => {
    await customerWith("again", 10);
    const events = [
      start("again-1", "again", 4),
      start("again-2", "again", 20),
      succeed("again-1"),
      fail("again-1"),
      start("again-3", "again", 2),
      fail("again-3"),
      succeed("again-missing"),
    ];
    const first = await batch(events);
    const before = await recordedState();
    const second = await batch(events);
    expect(await recordedState()).toEqual(before);

    // A retried start answers the generation as it stands now, and every balance is the current one.
    const singles: Result[] = [];
    for (const event of events) singles.push(await single(event));
    expect(second.results).toEqual(singles);
    expect(second.results.map((result) => result.status)).toEqual([200, 402, 200, 409, 200, 200, 404]);
    expect(second.results.map((result) => result.error ?? result.generation)).toEqual(
      first.results.map((result, i) => result.error ?? second.results[i]!.generation),
    );
    expect(first.results.map((result) => result.status)).toEqual([201, 402, 200, 409, 201, 200, 404]);
  });

  it("refuses starts while the customer is frozen, and reports each released hold once, as single calls do", async () => {
    await customerWith("frozen", 10);
    await customerWith("hooked", 10);
    await db.update(customers).set({ frozenAt: new Date() }).where(eq(customers.id, "frozen"));
    const { results } = await batch([
      start("frozen-1", "frozen"),
      start("hooked-1", "hooked"),
      fail("hooked-1"),
      fail("hooked-1"),
      start("hooked-2", "hooked"),
      succeed("hooked-2"),
    ]);
    expect(results.map((result) => [result.status, result.error?.code ?? result.generation?.status])).toEqual([
      [403, "account.frozen"],
      [201, "running"],
      [200, "failed"],
      [200, "failed"],
      [201, "running"],
      [200, "succeeded"],
    ]);
    const refunded = await db
      .select({ payload: webhookEvents.payload })
      .from(webhookEvents)
      .where(eq(webhookEvents.type, "generation.refunded"));
    const ids = refunded.map(({ payload }) => (payload as { data: { generation: { id: string } } }).data.generation.id);
    expect(ids.filter((id) => id.startsWith("hooked-") || id.startsWith("frozen-"))).toEqual(["hooked-1"]);
  });

  it("takes 1,000 events in one call, more than one transaction holds", async () => {
    await customerWith("many", 1_000);
    const lifecycles = Array.from({ length: 250 }, (_, i) => [
      start(`many-${i}`, "many", 2),
      i % 2 ? succeed(`many-${i}`) : fail(`many-${i}`),
    ]);
    const unknown = Array.from({ length: 500 }, (_, i) => fail(`many-unknown-${i}`));
    const { status, results } = await batch([...lifecycles.flat(), ...unknown]);
    expect(status).toBe(200);
    expect(results).toHaveLength(1000);
    expect(results.slice(0, 500).every((result) => result.status === 201 || result.status === 200)).toBe(true);
    expect(results.slice(500).every((result) => result.error?.code === "generation.not_found")).toBe(true);
    expect(await balanceOf("many")).toEqual({ available: 750, held: 0, posted: 750 });
  }, 120_000);

  it.each<[string, unknown]>([
    ["no events", { events: [] }],
    ["1,001 events", { events: Array.from({ length: 1001 }, (_, i) => fail(`over-${i}`)) }],
    ["events that are not a list", { events: { 0: fail("x") } }],
    ["events left out", {}],
    ["a list instead of an object", [fail("x")]],
  ])("refuses %s with 422 validation.failed and writes nothing", async (_, body) => {
    const before = await recordedState();
    const reply = await call(postBatch, { body });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toMatchObject({ code: "validation.failed" });
    expect(reply.body.error!.field).toMatch(/^(events|body)$/);
    expect(await recordedState()).toEqual(before);
  });
});

describe("overlapping batches from many connections at once", () => {
  const pool = widePool(24);
  afterAll(() => pool.sql.end());

  it("holds and resolves every generation exactly once, and the ledger stays exact", async () => {
    const customers = Array.from({ length: 6 }, (_, i) => `burst-${i}`);
    for (const customer of customers) await customerWith(customer, 1_000);
    const count = 120;
    const cost = (i: number) => (i % 5) + 1;
    const succeeds = (i: number) => i % 3 !== 0;
    const ids = Array.from({ length: count }, (_, i) => `burst-gen-${i}`);
    const owner = (i: number) => customers[i % customers.length]!;
    const eventsFor = (i: number): GenerationEvent[] => [
      { type: "start", generation: generationFor(owner(i), ids[i]!, cost(i)) },
      succeeds(i)
        ? { type: "succeed", id: ids[i]!, outputUrl: `https://cdn.example/${i}.png` }
        : { type: "fail", id: ids[i]!, errorCode: "outage" },
    ];
    // Each batch covers 30 generations from where the previous one started 10 later: every event is
    // sent by three batches, and the batches run at once on their own connections.
    const batches = Array.from({ length: count / 10 }, (_, b) => {
      const window = Array.from({ length: 30 }, (_, k) => (b * 10 + k) % count);
      return [...window.map((i) => eventsFor(i)[0]!), ...window.map((i) => eventsFor(i)[1]!)];
    });

    const applied = await Promise.all(batches.map((events) => applyGenerationEvents(events, pool.db)));

    const outcomes = applied.flat().map(({ outcome }) => outcome);
    expect(outcomes.filter((outcome) => outcome instanceof Error)).toEqual([]);
    const firstStarts = applied
      .flat()
      .filter(
        ({ item, outcome }) =>
          !(item instanceof Error) && item.type === "start" && !(outcome instanceof Error) && !outcome.replayed,
      );
    expect(firstStarts).toHaveLength(count);

    const resolutions = await db
      .select({ generationId: transfers.generationId, kind: transfers.kind })
      .from(transfers)
      .where(and(like(transfers.generationId, "burst-gen-%"), inArray(transfers.kind, ["hold", "capture", "release"])));
    for (const [i, id] of ids.entries()) {
      const kinds = resolutions
        .filter((row) => row.generationId === id)
        .map((row) => row.kind)
        .sort();
      expect(kinds, id).toEqual(succeeds(i) ? ["capture", "hold"] : ["hold", "release"]);
    }
    const stored = await db
      .select({ id: generations.id, status: generations.status })
      .from(generations)
      .where(like(generations.id, "burst-gen-%"));
    expect(stored).toHaveLength(count);
    for (const customer of customers) {
      const spent = ids.reduce((sum, _, i) => sum + (owner(i) === customer && succeeds(i) ? cost(i) : 0), 0);
      expect(await balanceOf(customer)).toEqual({ available: 1_000 - spent, held: 0, posted: 1_000 - spent });
    }
    expect((await verifyLedger(db)).flatMap((check) => check.violations)).toEqual([]);
    expect(stored.every(({ id, status }) => status === (succeeds(ids.indexOf(id)) ? "succeeded" : "failed"))).toBe(
      true,
    );
  }, 120_000);
});

describe("a chunk whose statement loses a race part-way", () => {
  const pool = widePool(2);
  // The batch's own connection, on which the events' statements are counted as they are sent.
  let eventStatements = 0;
  const watched = connectApp(1, {
    onStatement: (text) => /^\s*with (existing|target) as/.test(text) && (eventStatements += 1),
  });
  afterAll(() => Promise.all([pool.sql.end(), watched.sql.end()]));

  it("runs again as a whole once the events sent behind the lost one failed with it, and answers each event once", async () => {
    await customerWith("racer", 100);
    await customerWith("rival", 100);
    const startOf = (id: string): GenerationEvent => ({ type: "start", generation: generationFor("racer", id, 2) });
    const before = Array.from({ length: 10 }, (_, i) => startOf(`racer-${i}`));
    const after = [
      ...Array.from({ length: 10 }, (_, i) => startOf(`racer-after-${i}`)),
      { type: "succeed", id: "racer-0", outputUrl: "https://cdn.example/racer-0.png" } as const,
    ];
    // Another customer's start of the same id, written and not yet committed: the batch's insert waits on it.
    let commitRival!: () => void;
    const rivalCommits = new Promise<void>((resolve) => (commitRival = resolve));
    let rivalWrote!: () => void;
    const rivalWritten = new Promise<void>((resolve) => (rivalWrote = resolve));
    const rival = pool.db.transaction(async (tx) => {
      await applyGenerationEvents([{ type: "start", generation: generationFor("rival", "contested", 3) }], tx);
      rivalWrote();
      await rivalCommits;
    });
    await rivalWritten;

    // A statement the connection has not prepared yet is described first, and those queued behind it wait.
    await customerWith("warmer", 10);
    await applyGenerationEvents(
      [
        { type: "start", generation: generationFor("warmer", "warm-up", 1) },
        { type: "succeed", id: "warm-up", outputUrl: "https://cdn.example/warm-up.png" },
      ],
      watched.db,
    );
    eventStatements = 0;
    const events = [...before, startOf("contested"), ...after];
    const racing = applyGenerationEvents(events, watched.db);
    await blockedBackend();
    // While the contested start waits, the statements of the events behind it were sent already. Through a
    // transaction pooler nothing is prepared, so each statement is described first and none goes ahead of it.
    const sentWhileWaiting = databaseUrls().transactionPooler ? before.length + 1 : events.length;
    const sent = eventStatements;
    commitRival();
    await rival;
    const applied = await racing;
    expect(sent).toBe(sentWhileWaiting);

    const outcomes = applied.map(({ outcome }) => (outcome instanceof Error ? outcome.code : outcome.replayed));
    expect(outcomes).toEqual([...before.map(() => false), "idempotency.mismatch", ...after.map(() => false)]);
    // Every statement of the first run was sent in the end, and each again when the chunk ran again.
    expect(eventStatements).toBe(events.length * 2);
    const racerHolds = await db
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(like(transfers.generationId, "racer-%"), eq(transfers.kind, "hold")));
    expect(racerHolds).toHaveLength(20);
    expect(await balanceOf("racer")).toEqual({ available: 60, held: 38, posted: 98 });
    expect(await balanceOf("rival")).toEqual({ available: 97, held: 3, posted: 100 });
    expect((await verifyLedger(db)).flatMap((check) => check.violations)).toEqual([]);
  });
});

describe("a chunk's balances", () => {
  it("follow what the chunk's events moved, and read a customer the chunk did not lock", async () => {
    await customerWith("locked-owner", 50);
    await customerWith("unlocked-owner", 30);
    await db.transaction(async (tx) => {
      const balances = await ChunkBalances.lock(tx, { generationIds: [], startingCustomerIds: ["locked-owner"] });
      expect(await balances.now("locked-owner")).toEqual({ available: 50, held: 0, posted: 50 });
      balances.moved("locked-owner", { available: 45, held: 5, posted: 50 });
      expect(await balances.now("locked-owner")).toEqual({ available: 45, held: 5, posted: 50 });
      expect(await balances.now("unlocked-owner")).toEqual({ available: 30, held: 0, posted: 30 });
    });
  });
});
