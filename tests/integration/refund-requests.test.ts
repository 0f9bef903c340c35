import { and, asc, eq } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import {
  auditEvents,
  contextEligibility,
  customers,
  featureEligibility,
  generations,
  notifications,
  refundPolicies,
  refundRequests,
  transfers,
} from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { isDomainError } from "@/lib/errors";
import { startGeneration } from "@/lib/generations/lifecycle";
import { policyInForce } from "@/lib/policy/versions";
import { defaultContextEligibility, defaultFeatureEligibility } from "../support/default-eligibility";
import { balanceOf, settle, widePool } from "../support/ledger";
import { blank, establishedCustomer, madeGeneration, outputUrlFor, report } from "../support/refunds";

async function requestsOf(customerId: string) {
  return db.select().from(refundRequests).where(eq(refundRequests.customerId, customerId));
}

async function refundsOf(generationId: string) {
  return db
    .select()
    .from(transfers)
    .where(and(eq(transfers.generationId, generationId), eq(transfers.kind, "refund")));
}

async function notificationsOf(customerId: string) {
  return db.select().from(notifications).where(eq(notifications.customerId, customerId));
}

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/** A new version made from the migration's defaults, so that no test inherits another's change. */
async function newPolicyVersion(change: Partial<typeof refundPolicies.$inferInsert>) {
  const [defaults] = await db.select().from(refundPolicies).where(eq(refundPolicies.version, 1));
  const [policy] = await db
    .insert(refundPolicies)
    .values({ ...defaults!, version: undefined, createdAt: undefined, note: "Changed by a test", ...change })
    .returning();
  return policy!;
}

afterEach(async () => {
  if ((await policyInForce()).note === "Changed by a test") await newPolicyVersion({ note: "Defaults again" });
});

describe("an approved report", () => {
  it("refunds exactly the captured credits, notifies the customer and records who decided under which version", async () => {
    await establishedCustomer("approve-1", 50);
    await madeGeneration("approve-1", "approve-1-gen", { cost: 7 });
    const before = await balanceOf("approve-1");

    const request = await report("approve-1", "approve-1-gen", { actorId: null });

    expect(request).toMatchObject({
      status: "approved",
      decisionCode: "refund.approved",
      decidedBy: "policy",
      creditsRefunded: 7,
      policyVersion: (await policyInForce()).version,
      reason: "distorted",
    });
    expect(request.decidedAt).toBeInstanceOf(Date);
    const [capture] = await db
      .select()
      .from(transfers)
      .where(and(eq(transfers.generationId, "approve-1-gen"), eq(transfers.kind, "capture")));
    const refunds = await refundsOf("approve-1-gen");
    expect(refunds.map((refund) => refund.amount)).toEqual([capture!.amount]);
    expect(await balanceOf("approve-1")).toEqual({
      ...before,
      available: before.available + 7,
      posted: before.posted + 7,
    });
    expect(await notificationsOf("approve-1")).toMatchObject([
      { title: "7 credits refunded", refundRequestId: request.id, readAt: null },
    ]);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, request.id));
    expect(audit).toMatchObject({
      action: "refund_request.submitted",
      after: { status: "approved", creditsRefunded: 7 },
    });
    expect(request.trace).toContainEqual(expect.objectContaining({ rule: "decision_mode", verdict: "approve" }));
  });

  it("stores the details trimmed", async () => {
    await establishedCustomer("approve-2");
    await madeGeneration("approve-2", "approve-2-gen");
    const request = await report("approve-2", "approve-2-gen", { details: "   The logo is smeared across the mug   " });
    expect(request.details).toBe("The logo is smeared across the mug");
  });

  it("approves a clearly unusable output by its quality signals, even past the soft limit", async () => {
    await establishedCustomer("unusable", 100);
    for (const n of [1, 2, 3, 4, 5]) {
      await madeGeneration("unusable", `unusable-prior-${n}`, { cost: 1 });
      await report("unusable", `unusable-prior-${n}`);
    }
    await madeGeneration("unusable", "unusable-blank", { cost: 3 }, { succeed: blank });
    await madeGeneration("unusable", "unusable-fine", { cost: 3 });

    const blankRequest = await report("unusable", "unusable-blank");
    const fineRequest = await report("unusable", "unusable-fine");

    expect(blankRequest).toMatchObject({
      status: "approved",
      decisionCode: "refund.unusable_output",
      creditsRefunded: 3,
    });
    expect(blankRequest.decisionMessage).toMatch(/blank/);
    expect(fineRequest).toMatchObject({ status: "in_review", decisionCode: null, decidedAt: null, creditsRefunded: 0 });
    expect(await refundsOf("unusable-fine")).toEqual([]);
  });
});

describe("a report sent to review", () => {
  it("moves no credits and notifies nobody yet", async () => {
    await registerYoungCustomer("young");
    await madeGeneration("young", "young-gen");
    const before = await balanceOf("young");

    const request = await report("young", "young-gen");

    expect(request).toMatchObject({
      status: "in_review",
      decidedBy: null,
      decisionMessage: "We'll review it within 24 hours.",
    });
    expect(await balanceOf("young")).toEqual(before);
    expect(await refundsOf("young-gen")).toEqual([]);
    expect(await notificationsOf("young")).toEqual([]);
  });
});

async function registerYoungCustomer(id: string) {
  await registerCustomer(id, { email: `${id}@example.com` });
  await grantCredits(id, { key: "opening", amount: 50, reason: "Opening balance" });
}

describe("thirty concurrent reports of one generation", () => {
  const pool = widePool(30);
  afterAll(() => pool.sql.end({ timeout: 5 }));

  it("create exactly one request and one refund; the others are told it is a duplicate", async () => {
    await establishedCustomer("burst", 40);
    await madeGeneration("burst", "burst-gen", { cost: 6 });
    const before = await balanceOf("burst");

    const { fulfilled, rejected } = await settle(
      Array.from({ length: 30 }, () => report("burst", "burst-gen", {}, pool.db)),
    );

    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(29);
    expect(rejected.every((error) => isDomainError(error) && error.code === "refund.duplicate")).toBe(true);
    expect(await requestsOf("burst")).toHaveLength(1);
    expect(await refundsOf("burst-gen")).toHaveLength(1);
    expect(await notificationsOf("burst")).toHaveLength(1);
    expect(await balanceOf("burst")).toEqual({ ...before, available: before.available + 6, posted: before.posted + 6 });
  });
});

describe("concurrent reports of different generations by one customer", () => {
  const pool = widePool(8);
  afterAll(() => pool.sql.end({ timeout: 5 }));

  it("are counted one after another, so the hard limit lets exactly its number through", async () => {
    await establishedCustomer("rush", 500);
    await newPolicyVersion({ softLimitRequests: 3, hardLimitRequests: 3 });
    const ids = Array.from({ length: 8 }, (_, n) => `rush-${n}`);
    for (const id of ids) await madeGeneration("rush", id, { cost: 1 });

    const { fulfilled } = await settle(ids.map((id) => report("rush", id, {}, pool.db)));

    expect(fulfilled).toHaveLength(8);
    const limited = fulfilled.filter((request) => request.decisionCode === "refund.limit_reached");
    expect(limited).toHaveLength(5);
  });
});

describe("refusals", () => {
  type Refused = { customerId: string; generationId: string; run: () => Promise<unknown> };

  /** Runs the refused report and checks that no credits moved and no refund exists. */
  async function expectNoRefund({ customerId, generationId, run }: Refused) {
    const before = await balanceOf(customerId);
    const outcome = await run().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(await balanceOf(customerId)).toEqual(before);
    expect(await refundsOf(generationId)).toEqual([]);
    return outcome;
  }

  async function expectDenied(refused: Refused, code: string, message: RegExp) {
    const outcome = await expectNoRefund(refused);
    expect(outcome).toMatchObject({
      value: { status: "denied", decisionCode: code, creditsRefunded: 0, decidedBy: "policy" },
    });
    const { decisionMessage } = (outcome as { value: { decisionMessage: string } }).value;
    expect(decisionMessage).toMatch(message);
    expect(decisionMessage).toMatch(/Thank you for your feedback\.$/);
    expect(await notificationsOf(refused.customerId)).toMatchObject([{ body: decisionMessage }]);
  }

  async function expectNothingWritten(refused: Refused, code: string) {
    const notificationsBefore = await db.select().from(notifications);
    const requestsBefore = await db.select().from(refundRequests);
    const auditBefore = await db.select().from(auditEvents);
    const outcome = await expectNoRefund(refused);
    expect(outcome).toMatchObject({ error: { code } });
    expect(await db.select().from(refundRequests)).toEqual(requestsBefore);
    expect(await db.select().from(notifications)).toEqual(notificationsBefore);
    expect(await db.select().from(auditEvents)).toEqual(auditBefore);
  }

  it("someone else's generation is not found, and nothing is written", async () => {
    await establishedCustomer("owner");
    await establishedCustomer("stranger");
    await madeGeneration("owner", "owner-gen");
    await expectNothingWritten(
      { customerId: "owner", generationId: "owner-gen", run: () => report("stranger", "owner-gen") },
      "generation.not_found",
    );
  });

  it("a generation that does not exist is not found", async () => {
    await establishedCustomer("nobody-home");
    await expectNothingWritten(
      { customerId: "nobody-home", generationId: "no-such-gen", run: () => report("nobody-home", "no-such-gen") },
      "generation.not_found",
    );
  });

  it("a running generation cannot be reported yet, and nothing is recorded", async () => {
    await establishedCustomer("runner");
    await madeGeneration("runner", "runner-gen", {}, {});
    await expectNothingWritten(
      { customerId: "runner", generationId: "runner-gen", run: () => report("runner", "runner-gen") },
      "generation.not_finished",
    );
  });

  it("details shorter than the policy's minimum are refused, and nothing is written", async () => {
    await establishedCustomer("terse");
    await madeGeneration("terse", "terse-gen");
    await expectNothingWritten(
      {
        customerId: "terse",
        generationId: "terse-gen",
        run: () => report("terse", "terse-gen", { details: "  looks bad     " }),
      },
      "validation.failed",
    );
    const error = await refusalOf(report("terse", "terse-gen", { details: "looks bad" }));
    expect(error).toMatchObject({ field: "details", message: expect.stringMatching(/at least 15 characters/) });
  });

  it("a second report of the same generation is a duplicate, and the first stands", async () => {
    await establishedCustomer("twice");
    await madeGeneration("twice", "twice-gen", { cost: 2 });
    const first = await report("twice", "twice-gen");
    const error = await refusalOf(report("twice", "twice-gen", { reason: "blurry" }));
    expect(error.code).toBe("refund.duplicate");
    expect(await requestsOf("twice")).toEqual([first]);
    expect(await refundsOf("twice-gen")).toHaveLength(1);
  });

  it("a failed generation is denied: it was refunded automatically", async () => {
    await establishedCustomer("failed");
    await madeGeneration("failed", "failed-gen", {}, { fail: true });
    await expectDenied(
      { customerId: "failed", generationId: "failed-gen", run: () => report("failed", "failed-gen") },
      "refund.generation_not_succeeded",
      /already returned to you automatically/,
    );
  });

  it("a report past the window is denied", async () => {
    await establishedCustomer("late");
    await madeGeneration("late", "late-gen", { hoursAgo: 73 });
    await expectDenied(
      { customerId: "late", generationId: "late-gen", run: () => report("late", "late-gen") },
      "refund.window_expired",
      /up to 3 days after/,
    );
  });

  it("a feature not eligible on its platform is denied", async () => {
    await establishedCustomer("shadows");
    await madeGeneration("shadows", "shadows-gen", { feature: "ai_shadows", platform: "web" });
    await expectDenied(
      { customerId: "shadows", generationId: "shadows-gen", run: () => report("shadows", "shadows-gen") },
      "feature.not_eligible",
      /AI Shadows results made on Web aren't covered/,
    );
  });

  it("batch work is denied", async () => {
    await establishedCustomer("batch");
    await madeGeneration("batch", "batch-gen", { context: "batch" });
    await expectDenied(
      { customerId: "batch", generationId: "batch-gen", run: () => report("batch", "batch-gen") },
      "feature.not_eligible",
      /batch mode/,
    );
  });

  it("a suspended account is denied", async () => {
    await establishedCustomer("suspended");
    await madeGeneration("suspended", "suspended-gen");
    await db.update(customers).set({ suspendedAt: new Date() }).where(eq(customers.id, "suspended"));
    await expectDenied(
      { customerId: "suspended", generationId: "suspended-gen", run: () => report("suspended", "suspended-gen") },
      "account.suspended",
      /suspended/,
    );
  });

  it("a report past the hard limit is denied", async () => {
    await establishedCustomer("busy", 200);
    await newPolicyVersion({ softLimitRequests: 2, hardLimitRequests: 3 });
    // Spend that nobody reports keeps the refunded share low, so only the request counts decide.
    await madeGeneration("busy", "busy-unreported", { cost: 50 });
    for (const n of [1, 2, 3]) {
      await madeGeneration("busy", `busy-${n}`, { cost: 1 });
      await report("busy", `busy-${n}`);
    }
    await madeGeneration("busy", "busy-4", { cost: 1 });
    await db.delete(notifications).where(eq(notifications.customerId, "busy"));
    await expectDenied(
      { customerId: "busy", generationId: "busy-4", run: () => report("busy", "busy-4") },
      "refund.limit_reached",
      /limit of 3 refund requests in 30 days/,
    );
    const statuses = (await requestsOf("busy")).map((request) => request.status).sort();
    expect(statuses).toEqual(["approved", "approved", "denied", "in_review"]);
  });

  it("an output downloaded and then used downstream is denied when the setting is on", async () => {
    await establishedCustomer("reuser");
    await madeGeneration("reuser", "reuser-gen");
    await db
      .update(generations)
      .set({ downloadedAt: new Date(Date.now() - 60_000) })
      .where(eq(generations.id, "reuser-gen"));
    await startGeneration({
      id: "reuser-next",
      customerId: "reuser",
      feature: "recolor",
      platform: "web",
      context: "editor",
      cost: 1,
      inputUrl: outputUrlFor("reuser-gen"),
    });
    const version = await newPolicyVersion({ denyDownloadedThenUsed: true });
    await expectDenied(
      { customerId: "reuser", generationId: "reuser-gen", run: () => report("reuser", "reuser-gen") },
      "refund.used_downstream",
      /downloaded and then used/,
    );
    expect((await requestsOf("reuser"))[0]!.policyVersion).toBe(version.version);
  });
});

describe("the policy version", () => {
  it("that decided is recorded on the request, and a new version applies at once", async () => {
    await establishedCustomer("versioned");
    await madeGeneration("versioned", "versioned-gen", { hoursAgo: 2 });
    const version = await newPolicyVersion({ windowHours: 1 });
    const request = await report("versioned", "versioned-gen");
    expect(request).toMatchObject({
      status: "denied",
      decisionCode: "refund.window_expired",
      policyVersion: version.version,
    });
  });
});

describe("the default eligibility after migration", () => {
  it("is the matrix from the design", async () => {
    const rows = await db.select().from(featureEligibility).orderBy(asc(featureEligibility.featureKey));
    const matrix: Record<string, Record<string, boolean>> = {};
    for (const row of rows) (matrix[row.featureKey] ??= {})[row.platform] = row.eligible;
    expect(matrix).toEqual(defaultFeatureEligibility);
    const contexts = await db.select().from(contextEligibility);
    expect(Object.fromEntries(contexts.map((row) => [row.context, row.eligible]))).toEqual(defaultContextEligibility);
  });
});
