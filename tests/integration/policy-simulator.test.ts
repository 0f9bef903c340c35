import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { simulatePolicyAction } from "@/app/admin/policy/actions";
import { db } from "@/db/client";
import { auditEvents, notifications, refundRequests, transfers } from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { simulatePolicy } from "@/lib/policy/simulate";
import { policyInForce } from "@/lib/policy/versions";
import { decideRefund, type PolicyFacts, type RefundRules } from "@/lib/refunds/policy";
import { rebuildMissingFacts } from "@/lib/refunds/rebuild-facts";
import { readStoredFacts } from "@/lib/refunds/stored-facts";
import { form } from "../support/forms";
import { person } from "../support/people";
import { blank, establishedCustomer, madeGeneration, report } from "../support/refunds";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));
// The real policy, watched: each call's facts are what the service gave it.
vi.mock("@/lib/refunds/policy", async (original) => {
  const real = await original<typeof import("@/lib/refunds/policy")>();
  return { ...real, decideRefund: vi.fn(real.decideRefund) };
});

const admin = "sim-admin@example.com";
const agent = "sim-agent@example.com";
let rules: RefundRules;

/** The requests of the known set, by name. */
const ids: Record<string, string> = {};

/**
 * Under the migration's defaults (a 72-hour window, soft limit 5, 30% refunded share, 24-hour account
 * age, every feature decided at once):
 * - A reports a 30-hour-old result (approved) and then a 1-hour-old one (approved, one earlier request);
 * - B reports a blank output (approved: clearly unusable);
 * - C signed up 2 hours ago: in review for the account's age, then approved by an agent.
 */
beforeAll(async () => {
  const agentId = (await person(agent, "agent")).id;
  await person(admin, "admin");
  rules = (await policyInForce()).refundRules;

  await establishedCustomer("sim-a", 200);
  await madeGeneration("sim-a", "sim-a-pad", { cost: 40 });
  await madeGeneration("sim-a", "sim-a-old", { cost: 4, hoursAgo: 30 });
  await madeGeneration("sim-a", "sim-a-new", { cost: 4, hoursAgo: 1 });
  ids.aOld = (await report("sim-a", "sim-a-old")).id;
  ids.aNew = (await report("sim-a", "sim-a-new")).id;

  await establishedCustomer("sim-b", 100);
  await madeGeneration("sim-b", "sim-b-blank", { cost: 6, hoursAgo: 2 }, { succeed: blank });
  ids.bBlank = (await report("sim-b", "sim-b-blank")).id;

  await registerCustomer("sim-c", { email: "sim-c@example.com", name: "Cleo", createdAt: hoursAgo(2) });
  await grantCredits("sim-c", { key: "opening", amount: 50, reason: "Opening balance" });
  await madeGeneration("sim-c", "sim-c-young", { cost: 5, hoursAgo: 1 });
  ids.cYoung = (await report("sim-c", "sim-c-young")).id;
  // An agent's approval, as the review console records it: the policy had sent it to review.
  await db
    .update(refundRequests)
    .set({
      status: "approved",
      decidedBy: "agent",
      deciderId: agentId,
      decidedAt: new Date(),
      decisionCode: "refund.approved",
      creditsRefunded: 5,
    })
    .where(eq(refundRequests.id, ids.cYoung!));
});

function hoursAgo(hours: number) {
  return new Date(Date.now() - hours * 3_600_000);
}

async function statusOf(name: string) {
  const [row] = await db.select().from(refundRequests).where(eq(refundRequests.id, ids[name]!));
  return row!;
}

const today = () => new Date().toISOString().slice(0, 10);

describe("facts kept with each request", () => {
  it("stores exactly what the policy was given, and reads it back identical", async () => {
    const calls = vi.mocked(decideRefund).mock.calls.map(([facts]) => facts);
    expect(calls).toHaveLength(4);
    const requests = await db
      .select()
      .from(refundRequests)
      .where(inArray(refundRequests.id, Object.values(ids)))
      .orderBy(refundRequests.createdAt);
    expect(requests).toHaveLength(4);
    requests.forEach((request, index) => {
      const given = calls[index] as PolicyFacts;
      expect(request.factsRebuilt).toBe(false);
      expect({ ...readStoredFacts(request.facts), settings: given.settings }).toEqual(given);
      expect(JSON.parse(JSON.stringify(request.facts))).toEqual(request.facts);
    });
    const aNew = readStoredFacts(requests[1]!.facts);
    expect(aNew).toMatchObject({
      recent: { requests: 1, refundedCredits: 4, spentCredits: 48 },
      generation: { capturedCredits: 4, decisionMode: "instant", status: "succeeded" },
      unusableFindings: [],
      downloadedThenUsed: null,
    });
    expect(readStoredFacts(requests[2]!.facts).unusableFindings).toEqual(["The image is blank: a single colour."]);
  });

  it("refuses stored facts of an unknown version", () => {
    expect(() => readStoredFacts({ v: 2 })).toThrow();
  });
});

describe("the simulator against the real policy", () => {
  it("flips known requests under a stricter draft: a shorter window denies, a lower soft limit reviews", async () => {
    const simulation = await simulatePolicy({ ...rules, windowHours: 24, softLimitRequests: 1 }, { days: 30 });

    expect(simulation).toMatchObject({
      days: 30,
      requests: 4,
      changed: 2,
      credits: { before: 14, after: 6 },
      customersAffected: 1,
      rebuilt: 0,
      withoutFacts: 0,
    });
    expect(simulation.matrix).toEqual({
      approved: { approved: 1, denied: 1, in_review: 1 },
      denied: { approved: 0, denied: 0, in_review: 0 },
      in_review: { approved: 0, denied: 0, in_review: 1 },
    });
    expect(
      simulation.changes.map(({ id, before, after, rule, customer, feature }) => ({
        id,
        before,
        after,
        rule,
        customer,
        feature,
      })),
    ).toEqual([
      {
        id: ids.aNew,
        before: "approved",
        after: "in_review",
        rule: "Soft limit",
        customer: "sim-a@example.com",
        feature: "Virtual Model",
      },
      {
        id: ids.aOld,
        before: "approved",
        after: "denied",
        rule: "Within the window",
        customer: "sim-a@example.com",
        feature: "Virtual Model",
      },
    ]);
    expect(simulation.queue.days).toHaveLength(31);
    expect(simulation.queue.days.at(-1)).toEqual({ day: today(), before: 1, after: 2 });
    expect(simulation.queue.days.slice(0, -1).every((day) => day.before === 0 && day.after === 0)).toBe(true);
    expect(simulation.queue.perDay.before).toBeCloseTo(1 / 30);
    expect(simulation.queue.perDay.after).toBeCloseTo(2 / 30);
  });

  it("flips others under a looser draft, and counts an agent's approval as the policy's review", async () => {
    const simulation = await simulatePolicy({ ...rules, minAccountAgeHours: 0 }, { days: 90 });

    expect(simulation).toMatchObject({ days: 90, requests: 4, changed: 1, credits: { before: 14, after: 19 } });
    expect(simulation.changes).toEqual([
      expect.objectContaining({
        id: ids.cYoung,
        before: "in_review",
        after: "approved",
        rule: "Feature's mode",
        customer: "Cleo (sim-c@example.com)",
      }),
    ]);
    expect(simulation.queue.days).toHaveLength(91);
    expect(simulation.queue.days.at(-1)).toEqual({ day: today(), before: 1, after: 0 });
  });

  it("changes nothing under the policy in force", async () => {
    const simulation = await simulatePolicy(rules, { days: 30 });
    expect(simulation).toMatchObject({ requests: 4, changed: 0, customersAffected: 0, changes: [] });
  });

  it("writes nothing", async () => {
    const tables = { refundRequests, transfers, auditEvents, notifications };
    const before = await rowsOf(tables);
    const jobs = await jobCount();

    await simulatePolicy({ ...rules, windowHours: 1, hardLimitRequests: 1, softLimitRequests: 1 }, { days: 90 });

    expect(await rowsOf(tables)).toEqual(before);
    expect(await jobCount()).toBe(jobs);
  });
});

async function jobCount() {
  const [row] = (await db.execute(
    sql`SELECT ((SELECT count(*) FROM graphile_worker.jobs) + (SELECT count(*) FROM job_requests))::int AS count`,
  )) as unknown as {
    count: number;
  }[];
  return row!.count;
}

describe("facts rebuilt for requests decided before facts were kept", () => {
  it("rebuilds them from the records, flags them, counts them in the simulation, and never twice", async () => {
    const names = ["aNew", "bBlank", "cYoung"] as const;
    const kept = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, (await statusOf(name)).facts] as const)),
    );
    await db
      .update(refundRequests)
      .set({ facts: null })
      .where(
        inArray(
          refundRequests.id,
          names.map((name) => ids[name]!),
        ),
      );

    const missing = await simulatePolicy(rules, { days: 30 });
    expect(missing).toMatchObject({ requests: 1, withoutFacts: 3, rebuilt: 0 });

    expect(await rebuildMissingFacts({ batchSize: 2 })).toBe(3);
    for (const name of names) {
      const request = await statusOf(name);
      expect(request.factsRebuilt).toBe(true);
      // Everything these requests were decided on is in their trace or exact in the records.
      expect(readStoredFacts(request.facts)).toEqual(readStoredFacts(kept[name]));
    }
    expect((await statusOf("aOld")).factsRebuilt).toBe(false);
    expect(await rebuildMissingFacts()).toBe(0);

    const simulation = await simulatePolicy({ ...rules, windowHours: 24, softLimitRequests: 1 }, { days: 30 });
    expect(simulation).toMatchObject({ requests: 4, withoutFacts: 0, rebuilt: 3, changed: 2 });
    expect(simulation.changes.map((change) => [change.id, change.rebuilt])).toEqual([
      [ids.aNew, true],
      [ids.aOld, false],
    ]);
  });
});

describe("the admin action", () => {
  const draft = () => {
    const fields: Record<string, string> = { simulationDays: "30" };
    for (const [key, value] of Object.entries({ ...rules, windowHours: 24, softLimitRequests: 1 })) {
      if (typeof value === "number") fields[key] = String(value);
    }
    return fields;
  };

  async function formWithEverySetting(changes: Record<string, string>) {
    const [policy] = await db.execute(sql`SELECT * FROM refund_policies ORDER BY version DESC LIMIT 1`);
    const fields: Record<string, string> = {};
    for (const [column, value] of Object.entries(policy as Record<string, unknown>)) {
      const key = column.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase());
      if (typeof value === "number" && key !== "version") fields[key] = String(value);
    }
    return form({ ...fields, ...changes });
  }

  it("refuses an agent and a signed-out visitor", async () => {
    signedInAs(agent);
    expect(await simulatePolicyAction(await formWithEverySetting(draft()))).toMatchObject({
      status: "error",
      code: "auth.forbidden",
    });
    signedInAs(null);
    expect(await simulatePolicyAction(await formWithEverySetting(draft()))).toMatchObject({
      status: "error",
      code: "auth.required",
    });
  });

  it("validates the draft with the settings form's rules", async () => {
    signedInAs(admin);
    const refused = await simulatePolicyAction(
      await formWithEverySetting({ ...draft(), windowHours: "0", simulationDays: "7" }),
    );
    expect(refused).toMatchObject({
      status: "error",
      code: "validation.failed",
      fieldErrors: { windowHours: "Refund window must be at least 1 hour.", simulationDays: "Choose 30 or 90 days." },
    });
  });

  it("answers an admin with the simulation, and the policy in force stays as it was", async () => {
    signedInAs(admin);
    const version = (await policyInForce()).version;
    const answer = await simulatePolicyAction(await formWithEverySetting(draft()));
    expect(answer).toMatchObject({ status: "success", result: { days: 30, changed: 2, requests: 4 } });
    expect((await policyInForce()).version).toBe(version);
  });
});
