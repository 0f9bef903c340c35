import fs from "node:fs/promises";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { qualityChecks } from "@/db/schema";
import { createDemoGeneration } from "@/lib/generations/demo";
import { runDemoAiService } from "@/lib/generations/demo-ai-service";
import { fileUrl, generationFileKey } from "@/lib/generations/files";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { samplePng } from "@/lib/generations/samples";
import { runPendingQualityChecks } from "@/lib/quality/worker";
import { putFile } from "@/lib/storage/file-store";
import { testSql } from "../setup/database";
import { customerWith, generationFor, widePool } from "../support/ledger";

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
  it("leaves a pending check when an output succeeds, announces it on commit, and the worker records what it finds", async () => {
    const announced: string[] = [];
    const { unlisten } = await testSql().listen("quality_checks", (id) => announced.push(id));
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
    await expect.poll(() => announced).toEqual(["q-fine", "q-blank", "q-junk", "q-short"]);
    await unlisten();

    expect(await runPendingQualityChecks()).toBe(4);

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
    expect(await runPendingQualityChecks()).toBe(0);
  });

  it("records a video output as not applicable, never to be decoded", async () => {
    await succeedFromStore("q-video", junk, "video_generator");
    expect(await checkOf("q-video")).toMatchObject({
      ...notDecoded,
      status: "not_applicable",
      checkedAt: expect.any(Date),
      attempts: 0,
    });
    expect(await runPendingQualityChecks()).toBe(0);
    expect(await checkOf("q-video")).toMatchObject({ status: "not_applicable", decodes: null });
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
    expect(await runPendingQualityChecks()).toBe(0);
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

    const bytes = await drawing();
    const first = await succeedFromStore("q-twice", bytes);
    const again = await succeedGeneration("q-twice", first.generation.outputUrl!);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(await checkOf("q-twice")).toMatchObject(pending);
    await runPendingQualityChecks();
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
      expect(await runPendingQualityChecks()).toBe(1);
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

  it("keeps trying an unreachable output, once per run, and gives up after the third run without blaming the output", async () => {
    const gone = await serve(() => {});
    await gone.close();
    await succeedFromUrl("q-unreachable", `${gone.url}/output.png`);
    const refused = "The output could not be downloaded (ECONNREFUSED).";

    expect(await runPendingQualityChecks()).toBe(1);
    expect(await checkOf("q-unreachable")).toMatchObject({ ...pending, ...notDecoded, attempts: 1, problem: refused });
    expect(await runPendingQualityChecks()).toBe(1);
    expect(await checkOf("q-unreachable")).toMatchObject({ ...pending, attempts: 2, problem: refused });
    expect(await runPendingQualityChecks()).toBe(1);
    expect(await checkOf("q-unreachable")).toMatchObject({
      ...notDecoded,
      status: "unavailable",
      checkedAt: expect.any(Date),
      attempts: 3,
      problem: refused,
    });
    expect(await runPendingQualityChecks()).toBe(0);
    expect(await checkOf("q-unreachable")).toMatchObject({ status: "unavailable", attempts: 3 });
  });

  it.each([
    ["answers 404", "/missing.png", "The output's address answered with HTTP status 404."],
    ["declares more than 25 MB", "/declared-huge.png", "The output is larger than 25 MB, too large to download."],
    ["streams more than 25 MB", "/streamed-huge.png", "The output is larger than 25 MB, too large to download."],
  ])("gives up on an address that %s, three runs on", async (_name, route, problem) => {
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
      for (let run = 1; run <= 3; run++) expect(await runPendingQualityChecks()).toBe(1);
      expect(await checkOf(id)).toMatchObject({ ...notDecoded, status: "unavailable", attempts: 3, problem });
      // Reading stopped soon after the cap instead of taking all 100 MB the address would send.
      if (route === "/streamed-huge.png") expect(Math.max(...streamed)).toBeLessThan(50);
    } finally {
      await host.close();
    }
  });

  it("checks each output once when two workers run at the same time", async () => {
    const png = await blank();
    const served = new Map<string, number>();
    const host = await serve(async (request, response) => {
      served.set(request.url!, (served.get(request.url!) ?? 0) + 1);
      // Slow enough that each worker is still holding a claim while the other looks for one.
      await sleep(100);
      response.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    const ids = Array.from({ length: 6 }, (_, n) => `q-race-${n}`);
    const pools = [widePool(2), widePool(2)];
    try {
      for (const id of ids) await succeedFromUrl(id, `${host.url}/${id}.png`);
      const worked = await Promise.all(pools.map((pool) => runPendingQualityChecks(20, pool.db)));
      expect(worked.reduce((sum, n) => sum + n, 0)).toBe(ids.length);
      expect(worked.every((n) => n > 0)).toBe(true);
      expect([...served.values()]).toEqual(ids.map(() => 1));
      for (const id of ids) expect(await checkOf(id)).toMatchObject({ status: "checked", attempts: 1, uniform: true });
      const pending = await db.select({ rows: count() }).from(qualityChecks).where(eq(qualityChecks.status, "pending"));
      expect(pending).toEqual([{ rows: 0 }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.sql.end({ timeout: 5 })));
      await host.close();
    }
  });
});
