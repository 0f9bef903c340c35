import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { generations, type Generation } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { createDemoGeneration } from "@/lib/generations/demo";
import { runDemoAiService, type DemoOutcome } from "@/lib/generations/demo-ai-service";
import { generationFileFor, generationFileKey } from "@/lib/generations/files";
import { startGeneration } from "@/lib/generations/lifecycle";
import { samplePng } from "@/lib/generations/samples";
import { balanceOf, customerWith, generationFor } from "../support/ledger";

// Read lazily by the config module, so setting them before the first call is enough.
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-demo-"));
Object.assign(process.env, { DATA_DIR: dataDir, DEMO_DELAY_MS: "0", DEMO_FAILURE_RATE: "0", DEMO_BROKEN_RATE: "0" });
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function customer(customerId: string): CurrentUser {
  return { id: crypto.randomUUID(), name: null, email: `${customerId}@example.com`, role: "customer", customerId };
}
const agent: CurrentUser = {
  id: crypto.randomUUID(),
  name: null,
  email: "agent@example.com",
  role: "agent",
  customerId: null,
};

async function finished(id: string): Promise<Generation> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [generation] = await db.select().from(generations).where(eq(generations.id, id));
    if (generation!.status !== "running") return generation!;
    await sleep(50);
  }
  throw new Error(`generation ${id} never finished`);
}

async function runOutcome(customerId: string, id: string, outcome: DemoOutcome) {
  await startGeneration(generationFor(customerId, id, 2));
  const input = (await samplePng("mug"))!;
  return runDemoAiService({ generationId: id, featureKey: "recolor", input, outcome }, { delayMs: 0 });
}

describe("the demo generator", () => {
  it("holds the feature's cost, then captures it with a stored 512px output only its owner and staff can open", async () => {
    await customerWith("demo-owner", 50);
    await customerWith("demo-stranger", 5);
    const started = await createDemoGeneration(customer("demo-owner"), {
      featureKey: "virtual_model",
      sampleId: "sofa",
    });
    expect(started).toMatchObject({ platform: "web", context: "editor", cost: 4, inputUrl: "/api/samples/sofa" });
    expect(started.id).toMatch(/^web_[0-9a-f-]{36}$/);

    const done = await finished(started.id);
    expect(done.status).toBe("succeeded");
    expect(await balanceOf("demo-owner")).toEqual({ available: 46, held: 0, posted: 46 });
    const key = generationFileKey(done.id, "output.png");
    expect(done.outputUrl).toBe(`/api/files/${key}`);

    const file = await generationFileFor(customer("demo-owner"), key);
    expect(file?.contentType).toBe("image/png");
    expect(await sharp(file!.buffer).metadata()).toMatchObject({ format: "png", width: 512, height: 512 });
    expect(await generationFileFor(agent, key)).toEqual(file);
    expect(await generationFileFor({ ...agent, role: "admin" }, key)).toEqual(file);
    expect(await generationFileFor(customer("demo-stranger"), key)).toBeNull();
    expect(await generationFileFor(customer("demo-owner"), `generations/${done.id}/../../samples/sofa.png`)).toBeNull();
    expect(await generationFileFor(agent, "generations/no-such-generation/output.png")).toBeNull();
  });

  it("fails every run on the stress-test sample and gives the credits back", async () => {
    await customerWith("demo-stress", 10);
    const started = await createDemoGeneration(customer("demo-stress"), {
      featureKey: "flat_lay",
      sampleId: "stress-test",
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: "failed", errorCode: "demo.gpu_timeout", outputUrl: null });
    expect(await balanceOf("demo-stress")).toEqual({ available: 10, held: 0, posted: 10 });
  });

  it("refuses an unknown feature or sample, and a customer who cannot pay, recording nothing", async () => {
    await customerWith("demo-refused", 3);
    const user = customer("demo-refused");
    await expect(createDemoGeneration(user, { featureKey: "teleport", sampleId: "mug" })).rejects.toMatchObject({
      code: "feature.unknown",
      field: "featureKey",
    });
    await expect(createDemoGeneration(user, { featureKey: "recolor", sampleId: "../mug" })).rejects.toMatchObject({
      code: "sample.unknown",
      field: "sampleId",
    });
    await expect(createDemoGeneration(user, { featureKey: "video_generator", sampleId: "mug" })).rejects.toMatchObject({
      code: "credits.insufficient",
    });
    expect(await db.select().from(generations).where(eq(generations.customerId, "demo-refused"))).toEqual([]);
    expect(await balanceOf("demo-refused")).toEqual({ available: 3, held: 0, posted: 3 });
  });

  it("succeeds with a blank image or with bytes that do not decode when told to break", async () => {
    await customerWith("demo-broken", 10);
    const blank = await runOutcome("demo-broken", "demo-blank", "blank");
    const undecodable = await runOutcome("demo-broken", "demo-undecodable", "undecodable");
    expect([blank.generation.status, undecodable.generation.status]).toEqual(["succeeded", "succeeded"]);

    const owner = customer("demo-broken");
    const blankFile = await generationFileFor(owner, generationFileKey("demo-blank", "output.png"));
    const { channels } = await sharp(blankFile!.buffer).stats();
    expect(channels.every((channel) => channel.min === channel.max)).toBe(true);
    const junk = await generationFileFor(owner, generationFileKey("demo-undecodable", "output.png"));
    await expect(sharp(junk!.buffer).metadata()).rejects.toThrow();
  });
});
