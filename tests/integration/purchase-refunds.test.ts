import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postRefundRequest } from "@/pages/api/v1/purchases/[id]/refund-requests";
import { db } from "@/db/client";
import type { PurchaseRefundReason } from "@/db/enums";
import {
  auditEvents,
  customers,
  notifications,
  providerRefunds,
  purchases,
  refundRequests,
  transfers,
  webhookEvents,
} from "@/db/schema";
import { isDomainError } from "@/lib/errors";
import { recordPurchase, type PurchaseInput } from "@/lib/purchases/purchases";
import { requestPurchaseRefund, type PurchaseRefundAsk } from "@/lib/purchases/refund-requests";
import { decideRequest } from "@/lib/support/decide";
import { queuePage } from "@/lib/support/queue";
import { requestForReview } from "@/lib/support/review-detail";
import { hostApi } from "../support/api";
import { expectContract } from "../support/contract";
import { queuedJobs } from "../support/jobs";
import { balanceOf, customerWith, settle, widePool } from "../support/ledger";
import { staffMember } from "../support/people";
import { madeGeneration } from "../support/refunds";
import { rowsOf } from "../support/rows";

const call = hostApi();
const hourMs = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * hourMs);

function bought(customerId: string, id: string, changes: Partial<PurchaseInput> = {}) {
  return recordPurchase({
    id,
    customerId,
    product: "credits_100",
    amount: 999,
    currency: "USD",
    provider: "demo",
    paymentRef: `ch_${id}`,
    purchasedAt: hoursAgo(2),
    ...changes,
  });
}

function ask(customerId: string, purchaseId: string, changes: Partial<PurchaseRefundAsk> = {}): PurchaseRefundAsk {
  return {
    customerId,
    purchaseId,
    reason: "no_longer_needed" satisfies PurchaseRefundReason,
    details: "I bought more credits than my project needs.",
    source: "web",
    actorId: null,
    ...changes,
  };
}

const reversalsOf = (purchaseId: string) =>
  db
    .select()
    .from(transfers)
    .where(and(eq(transfers.purchaseId, purchaseId), eq(transfers.kind, "purchase_reversal")));

const moneyRefundsOf = (purchaseId: string) =>
  db.select().from(providerRefunds).where(eq(providerRefunds.purchaseId, purchaseId));

const purchaseRow = async (id: string) => (await db.select().from(purchases).where(eq(purchases.id, id)))[0];

async function eventsAbout(type: string, key: "request" | "purchase", id: string) {
  const events = await db.select().from(webhookEvents).where(eq(webhookEvents.type, type));
  return events.filter((event) => (event.payload as { data: Record<string, { id: string }> }).data[key]?.id === id);
}

/** Spends credits since the purchase: successful generations, started now. */
async function spend(customerId: string, prefix: string, count: number, cost: number, made = {}) {
  for (let n = 1; n <= count; n += 1) await madeGeneration(customerId, `${prefix}-${n}`, { cost, ...made });
}

describe("the policy, through the service", () => {
  it("approves an untouched purchase at once: one reversal, the money in full, a provider refund and its job", async () => {
    await customerWith("untouched", 30);
    await bought("untouched", "untouched-1");
    expect((await balanceOf("untouched")).available).toBe(130);

    const request = await requestPurchaseRefund(ask("untouched", "untouched-1"));

    expect(request).toMatchObject({
      kind: "purchase",
      status: "approved",
      decisionCode: "purchase_refund.untouched",
      decidedBy: "policy",
      creditsReversed: 100,
      moneyRefunded: 999,
      decisionMessage: "We're refunding $9.99 to your payment method and took back 100 credits.",
    });
    expect((await balanceOf("untouched")).available).toBe(30);
    const reversals = await reversalsOf("untouched-1");
    expect(reversals).toHaveLength(1);
    expect(reversals[0]).toMatchObject({ amount: 100, idempotencyKey: `purchase_reversal:${request.id}` });
    expect(await purchaseRow("untouched-1")).toMatchObject({
      status: "refunded",
      creditsReversed: 100,
      moneyRefunded: 999,
    });
    const [moneyRefund] = await moneyRefundsOf("untouched-1");
    expect(moneyRefund).toMatchObject({
      refundRequestId: request.id,
      provider: "demo",
      amount: 999,
      currency: "USD",
      reason: "requested_by_customer",
      status: "pending",
    });
    const jobs = await queuedJobs("payment.refund");
    expect(jobs.map((job) => job.payload)).toContainEqual({ providerRefundId: moneyRefund!.id });
    expect(await eventsAbout("refund_request.created", "request", request.id)).toHaveLength(1);
    expect(await eventsAbout("refund_request.decided", "request", request.id)).toHaveLength(1);
    expect(await eventsAbout("purchase.refunded", "purchase", "untouched-1")).toHaveLength(1);
    const [notice] = await db.select().from(notifications).where(eq(notifications.refundRequestId, request.id));
    expect(notice).toMatchObject({ customerId: "untouched", title: "$9.99 refunded: 100 credits" });
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, request.id));
    expect(audit).toMatchObject({ action: "refund_request.submitted", after: { purchaseId: "untouched-1" } });
  });

  it("sends a purchase whose credits were used to review, and records nothing else", async () => {
    await customerWith("used", 0);
    await bought("used", "used-1");
    await spend("used", "used-gen", 1, 4);

    const request = await requestPurchaseRefund(ask("used", "used-1"));

    expect(request).toMatchObject({
      status: "in_review",
      decisionCode: null,
      creditsReversed: null,
      moneyRefunded: null,
    });
    expect(request.decisionMessage).toMatch(/We'll review your request within 24 hours/);
    expect(await reversalsOf("used-1")).toEqual([]);
    expect(await moneyRefundsOf("used-1")).toEqual([]);
    expect((await purchaseRow("used-1"))?.status).toBe("paid");
  });

  it("refunds a possible duplicate in full at once, even with credits spent", async () => {
    await customerWith("twice", 0);
    await bought("twice", "twice-1", { purchasedAt: hoursAgo(3) });
    const { purchase } = await bought("twice", "twice-2", { purchasedAt: hoursAgo(2) });
    expect(purchase.duplicateOf).toBe("twice-1");
    await spend("twice", "twice-gen", 3, 50);
    expect((await balanceOf("twice")).available).toBe(50);

    const request = await requestPurchaseRefund(ask("twice", "twice-2", { reason: "duplicate", details: "Twice." }));

    expect(request).toMatchObject({
      status: "approved",
      decisionCode: "purchase_refund.duplicate",
      creditsReversed: 50,
      moneyRefunded: 999,
    });
    expect((await balanceOf("twice")).available).toBe(0);
    expect((await moneyRefundsOf("twice-2"))[0]).toMatchObject({ amount: 999, reason: "duplicate" });
    expect(await purchaseRow("twice-2")).toMatchObject({ status: "refunded", creditsReversed: 50, moneyRefunded: 999 });
  });

  const denials: { name: string; setUp: (id: string) => Promise<void>; code: string }[] = [
    {
      name: "past the window",
      setUp: async (id) => void (await bought(id, `${id}-p`, { purchasedAt: hoursAgo(8 * 24) })),
      code: "purchase_refund.window_expired",
    },
    {
      name: "a day pass used substantially",
      setUp: async (id) => {
        await bought(id, `${id}-p`, { product: "day_pass", amount: 499, purchasedAt: hoursAgo(30) });
        await spend(id, `${id}-gen`, 3, 4, { hoursAgo: 29 });
      },
      code: "purchase_refund.day_pass_used",
    },
    {
      name: "a renewal not cancelled before it was charged",
      setUp: async (id) => void (await bought(id, `${id}-p`, { product: "monthly", amount: 1999, renewal: true })),
      code: "purchase_refund.renewal_not_cancelled",
    },
    {
      name: "a suspended account",
      setUp: async (id) => {
        await bought(id, `${id}-p`);
        await db.update(customers).set({ suspendedAt: new Date() }).where(eq(customers.id, id));
      },
      code: "account.suspended",
    },
  ];

  it.each(denials)("records a refusal, $name, with its code and moves nothing", async ({ name, setUp, code }) => {
    const id = `denied-${name.replace(/\W+/g, "-")}`.slice(0, 60);
    await customerWith(id, 10);
    await setUp(id);
    const before = await balanceOf(id);

    const request = await requestPurchaseRefund(ask(id, `${id}-p`));

    expect(request).toMatchObject({ status: "denied", decisionCode: code, decidedBy: "policy", creditsReversed: null });
    expect(await balanceOf(id)).toEqual(before);
    expect(await reversalsOf(`${id}-p`)).toEqual([]);
    expect(await moneyRefundsOf(`${id}-p`)).toEqual([]);
    const [notice] = await db.select().from(notifications).where(eq(notifications.refundRequestId, request.id));
    expect(notice?.title).toMatch(/^Not refunded: /);
  });
});

describe("refusals that record nothing", () => {
  beforeAll(async () => {
    await customerWith("owner", 0);
    await customerWith("stranger", 0);
    await bought("owner", "owned-1");
  });

  const watched = () => rowsOf({ refundRequests, transfers, providerRefunds, notifications });

  it("answers another customer's purchase, and an unknown one, with purchase.not_found", async () => {
    const before = await watched();
    for (const attempt of [ask("stranger", "owned-1"), ask("owner", "no-such-purchase"), ask("nobody", "owned-1")]) {
      await expect(requestPurchaseRefund(attempt)).rejects.toMatchObject({ code: "purchase.not_found", status: 404 });
    }
    expect(await watched()).toEqual(before);
  });

  it("refuses a frozen customer with account.frozen", async () => {
    await db.update(customers).set({ frozenAt: new Date() }).where(eq(customers.id, "owner"));
    const before = await watched();
    await expect(requestPurchaseRefund(ask("owner", "owned-1"))).rejects.toMatchObject({
      code: "account.frozen",
      status: 403,
    });
    expect(await watched()).toEqual(before);
    await db.update(customers).set({ frozenAt: null }).where(eq(customers.id, "owner"));
  });

  it("refuses details under the policy's minimum", async () => {
    await expect(requestPurchaseRefund(ask("owner", "owned-1", { details: "short" }))).rejects.toMatchObject({
      code: "validation.failed",
      field: "details",
    });
  });

  it("refuses a second request with refund.duplicate naming the first", async () => {
    const first = await requestPurchaseRefund(ask("owner", "owned-1"));
    const before = await watched();
    const second = await requestPurchaseRefund(ask("owner", "owned-1")).catch((error: unknown) => error);
    expect(isDomainError(second) && second.code).toBe("refund.duplicate");
    expect(isDomainError(second) && second.details).toEqual({ requestId: first.id });
    expect(await watched()).toEqual(before);
  });
});

describe("exactly once", () => {
  const pool = widePool(30);
  afterAll(() => pool.sql.end({ timeout: 5 }));

  it("30 requests at once for one purchase: one request, one reversal, one provider refund", async () => {
    await customerWith("storm", 0);
    await bought("storm", "storm-1");

    const { fulfilled, rejected } = await settle(
      Array.from({ length: 30 }, () => requestPurchaseRefund(ask("storm", "storm-1"), pool.db)),
    );

    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(29);
    expect(rejected.every((error) => isDomainError(error) && error.code === "refund.duplicate")).toBe(true);
    expect(await db.select().from(refundRequests).where(eq(refundRequests.purchaseId, "storm-1"))).toHaveLength(1);
    expect(await reversalsOf("storm-1")).toHaveLength(1);
    expect(await moneyRefundsOf("storm-1")).toHaveLength(1);
    expect((await balanceOf("storm")).available).toBe(0);
  });
});

describe("agents deciding purchase requests", () => {
  let agent: Awaited<ReturnType<typeof staffMember>>;
  beforeAll(async () => {
    agent = await staffMember("Purchase Agent");
  });

  it("approves in proportion to what is left, rounding the money down", async () => {
    await customerWith("partly", 0);
    await bought("partly", "partly-1");
    await spend("partly", "partly-gen", 1, 67);
    const pending = await requestPurchaseRefund(ask("partly", "partly-1"));
    expect(pending.status).toBe("in_review");

    const decided = await decideRequest(agent, pending.id, { outcome: "approve" });

    // 33 of 100 credits are left: 999 × 33 ÷ 100 = 329.67, rounded down.
    expect(decided).toMatchObject({
      status: "approved",
      decidedBy: "agent",
      deciderId: agent.id,
      decisionCode: "review.approved",
      creditsReversed: 33,
      moneyRefunded: 329,
    });
    expect(decided.decisionMessage).toBe(
      "We reviewed your request. We're refunding $3.29 to your payment method and took back 33 credits.",
    );
    expect((await balanceOf("partly")).available).toBe(0);
    expect(await purchaseRow("partly-1")).toMatchObject({
      status: "partially_refunded",
      creditsReversed: 33,
      moneyRefunded: 329,
    });
    expect((await moneyRefundsOf("partly-1"))[0]).toMatchObject({ amount: 329, reason: "requested_by_customer" });
    expect(await eventsAbout("refund_request.decided", "request", pending.id)).toHaveLength(1);
    await expect(decideRequest(agent, pending.id, { outcome: "approve" })).rejects.toMatchObject({
      code: "refund.already_decided",
    });
    expect(await reversalsOf("partly-1")).toHaveLength(1);
  });

  it("denies with a reason code and message, moving nothing", async () => {
    await customerWith("refused", 0);
    await bought("refused", "refused-1");
    await spend("refused", "refused-gen", 2, 10);
    const pending = await requestPurchaseRefund(ask("refused", "refused-1"));
    const before = await balanceOf("refused");

    const decided = await decideRequest(agent, pending.id, {
      outcome: "deny",
      reason: "misuse",
      message: "Most of these credits were used on finished work.",
    });

    expect(decided).toMatchObject({
      status: "denied",
      decisionCode: "review.misuse",
      decisionMessage: "Most of these credits were used on finished work.",
      creditsReversed: null,
      moneyRefunded: null,
    });
    expect(await balanceOf("refused")).toEqual(before);
    expect(await reversalsOf("refused-1")).toEqual([]);
    expect(await moneyRefundsOf("refused-1")).toEqual([]);
  });

  it("shows both kinds in the queue, with a kind filter, and a purchase request's page", async () => {
    await customerWith("queued", 0);
    await bought("queued", "queued-1", { product: "day_pass", amount: 499, purchasedAt: hoursAgo(5) });
    await spend("queued", "queued-gen", 1, 6);
    const pending = await requestPurchaseRefund(ask("queued", "queued-1", { reason: "not_as_expected" }));

    const purchasesOnly = await queuePage({ kind: "purchase" });
    const item = purchasesOnly.items.find((row) => row.id === pending.id);
    expect(item).toMatchObject({
      kind: "purchase",
      subject: "24-hour pass · $4.99",
      reasonLabel: "It wasn't what I expected",
    });
    expect(purchasesOnly.items.every((row) => row.kind === "purchase")).toBe(true);
    expect((await queuePage({ kind: "generation" })).items.some((row) => row.id === pending.id)).toBe(false);

    const detail = await requestForReview(pending.id);
    expect(detail.request).toMatchObject({ kind: "purchase", reasonLabel: "It wasn't what I expected" });
    expect(detail.subject).toMatchObject({
      kind: "purchase",
      purchase: { id: "queued-1", productName: "24-hour pass", amount: 499, status: "paid" },
      creditsUsedSince: 6,
      available: 194,
      figures: { creditsReversed: 194, moneyRefunded: 484 },
    });
    expect(detail.subject.kind === "purchase" && detail.subject.generations.map((row) => row.id)).toEqual([
      "queued-gen-1",
    ]);
    expect(detail.request.trace.map((entry) => entry.rule)).toContain("day_pass_unused");
  });
});

describe("POST /api/v1/purchases/{id}/refund-requests", () => {
  const path = "/purchases/{id}/refund-requests";
  beforeAll(async () => {
    await customerWith("host-refund", 0);
    await bought("host-refund", "host-refund-1", { provider: "host", paymentRef: undefined });
  });

  async function answer(params: Record<string, string>, body: unknown, status: number) {
    const response = await call.respond(postRefundRequest, { params, body });
    const json = await response.clone().json();
    expect(response.status, JSON.stringify(json)).toBe(status);
    await expectContract("post", path, response);
    return json as { request?: Record<string, unknown>; error?: { code: string; requestId?: string; field?: string } };
  }

  const body = { customerId: "host-refund", reason: "accidental", details: "Bought the wrong pack by mistake." };

  it("answers 201 with the decided request, its trace and its figures", async () => {
    const { request } = await answer({ id: "host-refund-1" }, body, 201);
    expect(request).toMatchObject({
      kind: "purchase",
      purchaseId: "host-refund-1",
      customerId: "host-refund",
      reason: "accidental",
      status: "approved",
      decision: { code: "purchase_refund.untouched", decidedBy: "policy" },
      creditsReversed: 100,
      moneyRefunded: 999,
    });
    expect((request?.trace as { rule: string }[]).map((entry) => entry.rule)).toEqual([
      "account_active",
      "within_window",
      "day_pass_unused",
      "renewal_cancelled",
      "possible_duplicate",
      "credits_untouched",
    ]);
  });

  it("answers a second request with 409 refund.duplicate naming the first", async () => {
    const [first] = await db.select().from(refundRequests).where(eq(refundRequests.purchaseId, "host-refund-1"));
    const { error } = await answer({ id: "host-refund-1" }, body, 409);
    expect(error).toMatchObject({ code: "refund.duplicate", requestId: first!.id });
  });

  it("answers 404 purchase.not_found for another customer's purchase or an unknown one", async () => {
    await customerWith("host-other", 0);
    for (const [id, customerId] of [
      ["host-refund-1", "host-other"],
      ["nothing-here", "host-refund"],
    ] as const) {
      const { error } = await answer({ id }, { ...body, customerId }, 404);
      expect(error?.code).toBe("purchase.not_found");
    }
  });

  it("answers 422 for an unknown reason or missing details", async () => {
    const unknownReason = await answer({ id: "host-refund-1" }, { ...body, reason: "changed_mind" }, 422);
    expect(unknownReason.error).toMatchObject({ code: "validation.failed", field: "reason" });
    const noDetails = await answer({ id: "host-refund-1" }, { customerId: "host-refund", reason: "other" }, 422);
    expect(noDetails.error).toMatchObject({ code: "validation.failed", field: "details" });
  });
});
