import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createGenerationAction } from "@/app/(customer)/actions";
import { generations, transfers } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import type { CurrentUser } from "@/lib/auth/current-user";
import { galleryFor } from "@/lib/generations/gallery";
import { form } from "../support/forms";
import { customerWith } from "../support/ledger";
import { person } from "../support/people";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const demo = vi.hoisted(() => ({ enabled: true }));
vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  return { ...real, config: () => ({ ...real.config(), demo: { ...real.config().demo, ...demo } }) };
});

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-demo-switch-"));
Object.assign(process.env, { DATA_DIR: dataDir, DEMO_DELAY_MS: "0", DEMO_FAILURE_RATE: "0", DEMO_BROKEN_RATE: "0" });
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

let customer: CurrentUser;

beforeAll(async () => {
  await customerWith("switch-sam", 50);
  customer = await person("sam@example.com", "customer", { customerId: "switch-sam" });
});

const written = () => rowsOf({ generations, transfers });

describe("the demo switch", () => {
  it("offers the New generation form, its stress-test samples included, and starts a generation when on", async () => {
    demo.enabled = true;
    signedInAs("sam@example.com");

    const gallery = await galleryFor(customer);
    expect(gallery.newGeneration?.features.length).toBeGreaterThan(0);
    expect(gallery.newGeneration?.samples.map((sample) => sample.label)).toContain("Stress test: always fails (demo)");

    const state = await createGenerationAction(idleState, form({ featureKey: "recolor", sampleId: "stress-test" }));
    expect(state).toMatchObject({ status: "success" });
    expect((await written()).generations).toHaveLength(1);
    await expect.poll(async () => (await written()).generations[0]?.status).toBe("failed");
  });

  it("neither offers the form nor starts a generation when off, and says why", async () => {
    demo.enabled = false;
    signedInAs("sam@example.com");
    const before = await written();

    expect((await galleryFor(customer)).newGeneration).toBeNull();
    const state = await createGenerationAction(idleState, form({ featureKey: "recolor", sampleId: "stress-test" }));

    expect(state).toEqual({
      status: "error",
      code: "demo.disabled",
      message: "New generations can't be started here: the demo AI service is switched off on this server.",
    });
    expect(await written()).toEqual(before);
  });
});
