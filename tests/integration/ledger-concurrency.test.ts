import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { generations, transfers } from "@/db/schema";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { verifyLedger } from "@/lib/ledger/verify";
import { balanceOf, customerWith, generationFor, settle, startFor, widePool } from "../support/ledger";

const pool = widePool(50);
afterAll(() => pool.sql.end());

describe("resolving one generation from 50 connections at once", () => {
  it("resolves it exactly once; the losers are refused or get the winner's result", async () => {
    await customerWith("race-resolve", 100);
    await startFor("race-resolve", "race-gen", 7);

    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? succeedGeneration("race-gen", "https://cdn.example/out.png", pool.db)
        : failGeneration("race-gen", { errorCode: "gpu_oom" }, pool.db),
    );
    const { fulfilled, rejected } = await settle(calls);

    const resolutions = await db
      .select()
      .from(transfers)
      .where(and(eq(transfers.generationId, "race-gen"), inArray(transfers.kind, ["capture", "release"])));
    expect(resolutions).toHaveLength(1);

    const [generation] = await db.select().from(generations).where(eq(generations.id, "race-gen"));
    const won = generation!.status;
    expect(["succeeded", "failed"]).toContain(won);
    expect(fulfilled.filter((result) => !result.replayed)).toHaveLength(1);
    expect(fulfilled.every((result) => result.generation.status === won)).toBe(true);
    expect(fulfilled).toHaveLength(25);
    expect(rejected).toHaveLength(25);
    expect(rejected.every((error) => error.code === "generation.already_resolved")).toBe(true);

    const final =
      won === "succeeded" ? { available: 93, held: 0, posted: 93 } : { available: 100, held: 0, posted: 100 };
    expect(await balanceOf("race-resolve")).toEqual(final);
    // A loser that waited for the winner's lock answers with the balance the winner left, not the one before.
    expect(fulfilled.map((result) => result.balance)).toEqual(Array.from({ length: 25 }, () => final));
  });
});

describe("holding against a balance that covers exactly ten", () => {
  it("lets exactly ten holds through and never goes below zero", async () => {
    await customerWith("race-holds", 50);
    const { fulfilled, rejected } = await settle(
      Array.from({ length: 50 }, (_, i) => startGeneration(generationFor("race-holds", `race-hold-${i}`, 5), pool.db)),
    );
    expect(fulfilled).toHaveLength(10);
    expect(rejected).toHaveLength(40);
    expect(rejected.every((error) => error.code === "credits.insufficient")).toBe(true);
    expect(fulfilled.every((result) => result.balance.available >= 0)).toBe(true);
    expect(await balanceOf("race-holds")).toEqual({ available: 0, held: 50, posted: 50 });

    const recorded = await db.select().from(generations).where(eq(generations.customerId, "race-holds"));
    expect(recorded).toHaveLength(10);
  });
});

describe("the same start from many connections", () => {
  it("records one generation and one hold", async () => {
    await customerWith("race-start", 20);
    const { fulfilled } = await settle(
      Array.from({ length: 30 }, () => startGeneration(generationFor("race-start", "race-start-gen", 4), pool.db)),
    );
    expect(fulfilled).toHaveLength(30);
    expect(fulfilled.filter((result) => !result.replayed)).toHaveLength(1);
    const holds = await db.select().from(transfers).where(eq(transfers.generationId, "race-start-gen"));
    expect(holds).toHaveLength(1);
    expect(await balanceOf("race-start")).toEqual({ available: 16, held: 4, posted: 20 });
  });
});

describe("the whole ledger after a storm", () => {
  it("holds every invariant after 20 clients make 2,000 random moves", { timeout: 120_000 }, async () => {
    const customers = ["storm-a", "storm-b", "storm-c", "storm-d"];
    for (const customer of customers) await customerWith(customer, 30);
    const { runStorm } = await import("../support/storm");
    const tally = await runStorm({ clients: 20, operations: 2_000, customers, pool: pool.db });

    expect(Object.values(tally).reduce((sum, count) => sum + count, 0)).toBe(2_000);
    expect(tally.succeeded + tally.failed + tally.expired).toBeGreaterThan(0);
    const checks = await verifyLedger(db);
    expect(checks.length).toBeGreaterThanOrEqual(7);
    expect(checks.filter((check) => check.violations.length > 0)).toEqual([]);
  });
});
