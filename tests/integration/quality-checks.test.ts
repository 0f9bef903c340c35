import { once } from "node:events";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it, vi } from "vitest";
import { connectApp, db } from "@/db/client";
import { parsedEvent } from "@/lib/api/generation-batch";
import { qualityChecks } from "@/db/schema";
import { applyGenerationEvents } from "@/lib/generations/batch";
import { createDemoGeneration } from "@/lib/generations/demo";
import { runDemoAiService } from "@/lib/generations/demo-ai-service";
import { fileUrl, generationFileKey } from "@/lib/generations/files";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { samplePng } from "@/lib/generations/samples";
import { checkClaimed, claimDueChecks, keepCheckingOutputs, type ClaimedCheck } from "@/lib/quality/worker";
import { putFile } from "@/lib/storage/file-store";
import { makeScheduledJobsDue, pendingChecks, runDueJobs } from "../support/jobs";
import { customerWith, generationFor } from "../support/ledger";

// Read lazily by the config module, so setting them before the first call is enough.
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-quality-"));
Object.assign(process.env, { DATA_DIR: dataDir, DEMO_DELAY_MS: "0" });
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

const customer = "quality-customer";
await customerWith(customer, 1_000);

function drawing(width = 512, height = 512) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#fef3c7"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#0ea5e9" stroke="#1e293b" stroke-width="8"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
const blank = () =>
  sharp({ create: { width: 512, height: 512, channels: 3, background: "#ffffff" } })
    .png()
    .toBuffer();
const junk = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("not an image"),
]);

function start(id: string, feature = "recolor") {
  return startGeneration({ ...generationFor(customer, id, 1), feature, expectedWidth: 512, expectedHeight: 512 });
}

async function succeedFromStore(id: string, bytes: Buffer, feature = "recolor") {
  await start(id, feature);
  const key = generationFileKey(id, "output.png");
  await putFile(key, bytes, "image/png");
  return succeedGeneration(id, fileUrl(key));
}

async function succeedFromUrl(id: string, url: string) {
  await start(id);
  return succeedGeneration(id, url);
}

async function checkOf(id: string) {
  const rows = await db.select().from(qualityChecks).where(eq(qualityChecks.generationId, id));
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0];
}

/** The generations whose checks are pending, in the order they come due. */
async function queuedChecks() {
  return (await pendingChecks()).map((check) => check.generationId);
}

/** Each pending check is due the given number of seconds after it was claimed, which was moments ago. */
async function expectDueIn(seconds: number[]) {
  const waits = (await pendingChecks()).map((check) => check.dueIn);
  expect(waits).toEqual(seconds.map(() => expect.any(Number)));
  waits.forEach((wait, n) => {
    expect(wait).toBeLessThanOrEqual(seconds[n]!);
    expect(wait).toBeGreaterThan(seconds[n]! - 10);
  });
}

/** The next attempt, as if its wait had passed. */
async function retryNow() {
  await makeScheduledJobsDue();
  await runDueJobs();
}

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const pending = { status: "pending", checkedAt: null };
const notDecoded = { decodes: null, format: null, width: null, height: null, uniform: null, spread: null };

describe("quality checks on outputs", () => {
  const workers = Array.from({ length: 8 }, () => connectApp(1));
  afterAll(() => Promise.all(workers.map((worker) => worker.sql.end())));

  it("leaves a pending check, due at once, when an output succeeds, and the worker records what it finds", async () => {
    await succeedFromStore("q-fine", await drawing());
    await succeedFromStore("q-blank", await blank());
    await succeedFromStore("q-junk", junk);
    await succeedFromStore("q-short", await drawing(512, 300));
    for (const id of ["q-fine", "q-blank", "q-junk", "q-short"]) {
      expect(await checkOf(id)).toMatchObject({
        ...pending,
        ...notDecoded,
        expectedWidth: 512,
        expectedHeight: 512,
        attempts: 0,
      });
    }
    expect(await queuedChecks()).toEqual(["q-fine", "q-blank", "q-junk", "q-short"]);
    await expectDueIn([0, 0, 0, 0]);

    await runDueJobs();

    const checked = {
      status: "checked",
      checkedAt: expect.any(Date),
      attempts: 1,
      expectedWidth: 512,
      expectedHeight: 512,
    };
    expect(await checkOf("q-fine")).toMatchObject({
      ...checked,
      decodes: true,
      format: "png",
      width: 512,
      height: 512,
      uniform: false,
      spread: expect.any(Number),
      problem: null,
    });
    expect((await checkOf("q-fine"))!.spread).toBeGreaterThan(2);
    expect(await checkOf("q-blank")).toMatchObject({
      ...checked,
      decodes: true,
      uniform: true,
      spread: 0,
      problem: "The image is blank: a single colour.",
    });
    expect(await checkOf("q-junk")).toMatchObject({
      ...checked,
      ...notDecoded,
      decodes: false,
      problem: "The file does not decode as an image.",
    });
    expect(await checkOf("q-short")).toMatchObject({
      ...checked,
      decodes: true,
      width: 512,
      height: 300,
      uniform: false,
      problem: "The image is 512×300, not the expected 512×512.",
    });
    expect(await queuedChecks()).toEqual([]);
  });

  it("records a video output as not applicable, never to be decoded", async () => {
    await succeedFromStore("q-video", junk, "video_generator");
    expect(await checkOf("q-video")).toMatchObject({
      ...notDecoded,
      status: "not_applicable",
      checkedAt: expect.any(Date),
      attempts: 0,
    });
    expect(await queuedChecks()).toEqual([]);
    await runDueJobs();
    expect(await checkOf("q-video")).toMatchObject({ status: "not_applicable", decodes: null });
  });

  it("records the same check for a success in a batch as for one alone, for an image and for a video", async () => {
    const kinds = [
      ["image", "recolor"],
      ["video", "video_generator"],
    ] as const;
    const bytes = await drawing(320, 240);
    const host = await serve((_request, response) => response.end(bytes));
    const outputOf = (id: string) => `${host.url}/${id}.png`;
    const sized = { expectedWidth: 320, expectedHeight: 240 };
    const batched = [];
    for (const [kind, feature] of kinds) {
      const id = `q-batch-${kind}`;
      batched.push(
        { type: "start", ...generationFor(customer, id, 1), feature, ...sized },
        { type: "succeed", id, outputUrl: outputOf(id) },
      );
    }
    const applied = await applyGenerationEvents(batched.map(parsedEvent));
    expect(applied.map(({ outcome }) => ("generation" in outcome ? outcome.generation.status : outcome.code))).toEqual([
      "running",
      "succeeded",
      "running",
      "succeeded",
    ]);
    for (const [kind, feature] of kinds) {
      const id = `q-alone-${kind}`;
      await startGeneration({ ...generationFor(customer, id, 1), feature, ...sized });
      await succeedGeneration(id, outputOf(id));
    }

    /** A check as it reads for any generation: without its generation and its times. */
    const comparable = async (id: string) => {
      const check = (await checkOf(id))!;
      return {
        ...check,
        generationId: "the generation",
        createdAt: "when it was made",
        checkedAt: check.checkedAt === null ? "unchecked" : "checked",
        nextAttemptAt: check.nextAttemptAt === null ? "never" : "due",
      };
    };
    for (const [kind] of kinds) {
      expect(await comparable(`q-batch-${kind}`)).toEqual(await comparable(`q-alone-${kind}`));
    }
    expect(await comparable("q-alone-image")).toMatchObject({
      ...notDecoded,
      status: "pending",
      checkedAt: "unchecked",
      nextAttemptAt: "due",
    });
    expect(await comparable("q-alone-video")).toMatchObject({
      status: "not_applicable",
      checkedAt: "checked",
      nextAttemptAt: "never",
      attempts: 0,
    });
    expect(await queuedChecks()).toEqual(["q-batch-image", "q-alone-image"]);

    await runDueJobs();
    await host.close();
    for (const id of ["q-batch-image", "q-alone-image"]) {
      expect(await checkOf(id)).toMatchObject({
        status: "checked",
        attempts: 1,
        width: 320,
        height: 240,
        problem: null,
      });
    }
    expect(await queuedChecks()).toEqual([]);
  });

  it("stores the demo service's own inspection at once, with nothing left for the worker", async () => {
    await start("q-demo");
    const input = (await samplePng("mug"))!;
    await runDemoAiService({ generationId: "q-demo", featureKey: "recolor", input, outcome: "blank" }, { delayMs: 0 });
    expect(await checkOf("q-demo")).toMatchObject({
      status: "checked",
      checkedAt: expect.any(Date),
      attempts: 1,
      decodes: true,
      uniform: true,
      width: 512,
      height: 512,
      expectedWidth: 512,
      expectedHeight: 512,
      problem: "The image is blank: a single colour.",
    });
    expect(await queuedChecks()).toEqual([]);
  });

  it("brings back the blank stress-test sample blank every time, expecting the demo's 512×512", async () => {
    const user = {
      id: crypto.randomUUID(),
      name: null,
      email: `${customer}@example.com`,
      role: "customer" as const,
      customerId: customer,
    };
    const started = await createDemoGeneration(user, { featureKey: "recolor", sampleId: "stress-blank" });
    expect(started).toMatchObject({ expectedWidth: 512, expectedHeight: 512 });
    await expect
      .poll(() => checkOf(started.id), { timeout: 10_000 })
      .toMatchObject({
        status: "checked",
        uniform: true,
        width: 512,
        height: 512,
        problem: "The image is blank: a single colour.",
      });
  });

  it("records no check for a failed generation, and only one for a success reported twice", async () => {
    await start("q-failed");
    await failGeneration("q-failed", { errorCode: "gpu_out_of_memory" });
    expect(await checkOf("q-failed")).toBeUndefined();
    expect(await queuedChecks()).toEqual([]);

    const bytes = await drawing();
    const first = await succeedFromStore("q-twice", bytes);
    const again = await succeedGeneration("q-twice", first.generation.outputUrl!);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(await checkOf("q-twice")).toMatchObject(pending);
    expect(await queuedChecks()).toEqual(["q-twice"]);
    await runDueJobs();
    expect((await succeedGeneration("q-twice", first.generation.outputUrl!)).replayed).toBe(true);
    expect(await checkOf("q-twice")).toMatchObject({ status: "checked", attempts: 1, problem: null });
  });

  it("downloads an output from a host's address", async () => {
    const png = await drawing(640, 512);
    const requested: string[] = [];
    const host = await serve((request, response) => {
      requested.push(request.url!);
      response.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    try {
      await succeedFromUrl("q-hosted", `${host.url}/outputs/q-hosted.png`);
      expect(await queuedChecks()).toEqual(["q-hosted"]);
      await runDueJobs();
      expect(await queuedChecks()).toEqual([]);
      expect(requested).toEqual(["/outputs/q-hosted.png"]);
      expect(await checkOf("q-hosted")).toMatchObject({
        status: "checked",
        attempts: 1,
        decodes: true,
        format: "png",
        width: 640,
        height: 512,
        uniform: false,
        problem: "The image is 640×512, not the expected 512×512.",
      });
    } finally {
      await host.close();
    }
  });

  it("tries an unreachable output again 30 seconds and then 2 minutes later, and gives up after the third attempt without blaming the output", async () => {
    const gone = await serve(() => {});
    await gone.close();
    await succeedFromUrl("q-unreachable", `${gone.url}/output.png`);
    // A sentence, never the network's own error text.
    const refused = "The connection was refused.";

    await runDueJobs();
    expect(await checkOf("q-unreachable")).toMatchObject({ ...pending, ...notDecoded, attempts: 1, problem: refused });
    await expectDueIn([30]);
    await runDueJobs();
    expect(await checkOf("q-unreachable")).toMatchObject({ attempts: 1 });
    await retryNow();
    expect(await checkOf("q-unreachable")).toMatchObject({ ...pending, attempts: 2, problem: refused });
    await expectDueIn([120]);
    await retryNow();
    expect(await checkOf("q-unreachable")).toMatchObject({
      ...notDecoded,
      status: "unavailable",
      checkedAt: expect.any(Date),
      attempts: 3,
      problem: refused,
    });
    expect(await queuedChecks()).toEqual([]);
    await retryNow();
    expect(await checkOf("q-unreachable")).toMatchObject({ status: "unavailable", attempts: 3 });
  });

  it.each([
    ["answers 404", "/missing.png", "The output's address answered with HTTP status 404."],
    ["declares more than 25 MB", "/declared-huge.png", "The output is larger than 25 MB, too large to download."],
    ["streams more than 25 MB", "/streamed-huge.png", "The output is larger than 25 MB, too large to download."],
  ])("gives up on an address that %s, three attempts on", async (_name, route, problem) => {
    const streamed: number[] = [];
    const host = await serve((request, response) => {
      response.on("error", () => {});
      if (request.url === "/declared-huge.png") {
        response.writeHead(200, { "content-type": "image/png", "content-length": String(30 * 1024 * 1024) });
        response.write(Buffer.alloc(1024));
        return;
      }
      if (request.url !== "/streamed-huge.png") {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "image/png" });
      const megabyte = Buffer.alloc(1024 * 1024);
      const sent = streamed.push(0) - 1;
      const more = () => {
        while (!response.destroyed && streamed[sent]! < 100) {
          streamed[sent]! += 1;
          if (!response.write(megabyte)) return void response.once("drain", more);
        }
        response.end();
      };
      more();
    });
    const id = `q-http${route.replace(/\W+/g, "-")}`;
    try {
      await succeedFromUrl(id, `${host.url}${route}`);
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await queuedChecks()).toEqual([id]);
        await retryNow();
        expect(await checkOf(id)).toMatchObject({ attempts: attempt });
      }
      expect(await queuedChecks()).toEqual([]);
      expect(await checkOf(id)).toMatchObject({ ...notDecoded, status: "unavailable", attempts: 3, problem });
      // Reading stopped soon after the cap instead of taking all 100 MB the address would send.
      if (route === "/streamed-huge.png") expect(Math.max(...streamed)).toBeLessThan(50);
    } finally {
      await host.close();
    }
  });

  it("claims each due check exactly once while eight job workers claim at the same time", async () => {
    const png = await blank();
    const ids = Array.from({ length: 40 }, (_, n) => `q-race-${n}`);
    for (const id of ids) await succeedFromStore(id, png);
    // Each worker's connection is open before the race, or the first one to connect can claim every check alone.
    await Promise.all(workers.map((worker) => worker.sql`select 1`));

    const claims = await Promise.all(
      workers.map(async (worker) => {
        const mine: ClaimedCheck[] = [];
        for (;;) {
          const claimed = await claimDueChecks(worker.db, 3);
          if (claimed.length === 0) return mine;
          mine.push(...claimed);
        }
      }),
    );

    // Recorded before anything is asserted, so that a failure here leaves no claimed check to the tests after it.
    await Promise.all(claims.flat().map((check) => checkClaimed(check)));
    const claimed = claims.flat().map((check) => check.generationId);
    expect(claimed.toSorted()).toEqual(ids.toSorted());
    expect(claims.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
    for (const id of ids) expect(await checkOf(id)).toMatchObject({ status: "checked", attempts: 1, uniform: true });
    expect(await queuedChecks()).toEqual([]);
  });

  it("tries an attempt cut short again when its retry is due, and records only the latest attempt", async () => {
    await succeedFromStore("q-cut-short", await drawing());
    const [first] = await claimDueChecks(db, 10);
    expect(first).toMatchObject({ generationId: "q-cut-short", attempts: 1 });
    // Its worker was killed: nothing is recorded, and nobody else may take the check before its retry.
    expect(await claimDueChecks(db, 10)).toEqual([]);
    expect(await checkOf("q-cut-short")).toMatchObject({ ...pending, attempts: 1 });
    await expectDueIn([30]);

    await makeScheduledJobsDue();
    const [second] = await claimDueChecks(db, 10);
    expect(second).toMatchObject({ generationId: "q-cut-short", attempts: 2 });
    await checkClaimed(first!);
    expect(await checkOf("q-cut-short")).toMatchObject({ ...pending, attempts: 2 });
    await checkClaimed(second!);
    expect(await checkOf("q-cut-short")).toMatchObject({ status: "checked", attempts: 2, problem: null });
    expect(await queuedChecks()).toEqual([]);
  });

  it("makes at most six checks at once, and claims several in one statement while it is busy", async () => {
    const png = await drawing();
    let open = 0;
    let mostOpen = 0;
    let served = 0;
    const host = await serve(async (_request, response) => {
      mostOpen = Math.max(mostOpen, ++open);
      // Each answer takes its own time, so that the checks in hand finish one by one.
      await sleep(60 + (served++ % 6) * 30);
      open -= 1;
      response.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    const claims: string[] = [];
    const watched = connectApp(2, { onStatement: (text) => text.includes("skip locked") && claims.push(text) });
    const ids = Array.from({ length: 18 }, (_, n) => `q-busy-${n}`);
    try {
      for (const id of ids) await succeedFromUrl(id, `${host.url}/${id}.png`);
      const checker = keepCheckingOutputs(watched.db);
      await vi.waitFor(async () => expect(await queuedChecks()).toEqual([]), { timeout: 10_000, interval: 20 });
      const claimsToFinish = claims.length;
      await checker.stop();
      expect(mostOpen).toBe(6);
      // One claim per check would be 18; six, then three each time half are done, is five.
      expect(claimsToFinish).toBeGreaterThanOrEqual(5);
      expect(claimsToFinish).toBeLessThan(9);
      for (const id of ids) expect(await checkOf(id)).toMatchObject({ status: "checked", attempts: 1 });
    } finally {
      await watched.sql.end();
      await host.close();
    }
  });

  it("keeps checking outputs as they succeed until stopped", async () => {
    const png = await drawing();
    const checker = keepCheckingOutputs();
    try {
      for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) await succeedFromStore(`q-kept-${n}`, png);
      await vi.waitFor(async () => expect(await queuedChecks()).toEqual([]), { timeout: 10_000, interval: 50 });
    } finally {
      await checker.stop();
    }
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
      expect(await checkOf(`q-kept-${n}`)).toMatchObject({ status: "checked", attempts: 1, problem: null });
    }
    await succeedFromStore("q-after-stop", png);
    await sleep(500);
    expect(await checkOf("q-after-stop")).toMatchObject({ ...pending, attempts: 0 });
    await runDueJobs();
  });

  it("logs a check whose record fails, keeps checking the others, and tries it again when its retry is due", async () => {
    const png = await drawing();
    // A real failure of the record's statement, for this one generation only.
    await db.execute(sql`
      create function refuse_recording() returns trigger language plpgsql as $$
      begin raise exception 'the record is refused'; end $$`);
    await db.execute(sql`
      create trigger refuse_recording before update on quality_checks for each row
      when (new.generation_id = 'q-unrecordable' and new.status <> 'pending') execute function refuse_recording()`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await succeedFromStore("q-unrecordable", png);
      await succeedFromStore("q-recordable", png);
      const checker = keepCheckingOutputs();
      await vi.waitFor(() => expect(logged).toHaveBeenCalled(), { timeout: 10_000, interval: 20 });
      await vi.waitFor(async () => expect(await queuedChecks()).toEqual(["q-unrecordable"]), {
        timeout: 10_000,
        interval: 20,
      });
      await checker.stop();
      expect(logged).toHaveBeenCalledExactlyOnceWith(
        "The quality check of q-unrecordable failed.",
        expect.objectContaining({ cause: expect.objectContaining({ message: "the record is refused" }) }),
      );
    } finally {
      logged.mockRestore();
      await db.execute(sql`drop trigger refuse_recording on quality_checks`);
      await db.execute(sql`drop function refuse_recording()`);
    }
    expect(await checkOf("q-recordable")).toMatchObject({ status: "checked", attempts: 1, problem: null });
    expect(await checkOf("q-unrecordable")).toMatchObject({ ...pending, attempts: 1 });
    await expectDueIn([30]);

    await retryNow();
    expect(await checkOf("q-unrecordable")).toMatchObject({ status: "checked", attempts: 2, problem: null });
  });
});
