import { asc, eq, like } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PUT as putDispute } from "@/pages/api/v1/disputes/[disputeId]";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { db } from "@/db/client";
import {
  auditEvents,
  customers,
  disputes,
  generations,
  ledgerAccounts,
  notifications,
  purchases,
  refundRequests,
  transfers,
  webhookEvents,
} from "@/db/schema";
import { isDomainError } from "@/lib/errors";
import { startGeneration } from "@/lib/generations/lifecycle";
import { verifyLedger } from "@/lib/ledger/verify";
import {
  markDisputeFraudulent,
  markDisputeLegitimate,
  upsertDispute,
  type DisputeReport,
} from "@/lib/purchases/disputes";
import { boughtCreditPack } from "../support/purchases";
import { hostApi } from "../support/api";
import { expectContract } from "../support/contract";
import { balanceOf, generationFor, settle, widePool } from "../support/ledger";
import { staffMember } from "../support/people";
import { establishedCustomer, madeGeneration, report } from "../support/refunds";
import { rowsOf } from "../support/rows";

const call = hostApi();

/** A customer with `opening` credits who then bought the 100-credit pack as `purchaseId`. */
async function buyer(customerId: string, opening: number, purchaseId = `${customerId}-pack`) {
  await establishedCustomer(customerId, opening);
  await boughtCreditPack(customerId, purchaseId);
  return purchaseId;
}

const dispute = (id: string, purchaseId: string, status: DisputeReport["status"], more: Partial<DisputeReport> = {}) =>
  upsertDispute({ id, purchaseId, status, ...more });

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function customerRow(id: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

async function transfersOf(customerId: string) {
  const rows = await db
    .select({ transfer: transfers })
    .from(transfers)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, transfers.customerAccountId))
    .where(eq(ledgerAccounts.customerId, customerId))
    .orderBy(asc(transfers.id));
  return rows.map((row) => row.transfer);
}

const kindsOf = async (customerId: string) => (await transfersOf(customerId)).map((row) => row.kind);

async function auditActionsFor(targetId: string) {
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.targetId, targetId))
    .orderBy(asc(auditEvents.createdAt));
  return rows.map((row) => row.action);
}

/** The dispute and standing events written about a customer, sorted: one transaction's events share a time. */
async function eventsAbout(customerId: string) {
  const rows = await db.select().from(webhookEvents);
  return rows
    .filter((row) => ["dispute.updated", "customer.frozen", "customer.suspended"].includes(row.type))
    .filter((row) => JSON.stringify(row.payload).includes(`"id":"${customerId}"`))
    .map((row) => row.type)
    .sort();
}

afterEach(async () => {
  const broken = (await verifyLedger(db)).filter((check) => check.violations.length > 0);
  expect(broken).toEqual([]);
});

describe("a dispute opened", () => {
  it("freezes the customer, holds the purchase's unspent credits, and won releases them and unfreezes", async () => {
    const purchaseId = await buyer("won", 20);
    await madeGeneration("won", "won-before", { cost: 4 });
    expect(await balanceOf("won")).toEqual({ available: 116, held: 0, posted: 116 });

    const opened = await dispute("dp-won", purchaseId, "open", { reason: "fraudulent" });
    expect(opened).toMatchObject({ created: true, changed: true, dispute: { status: "open", heldCredits: 100 } });
    expect(opened.customer.frozenAt).toBeInstanceOf(Date);
    expect(await balanceOf("won")).toEqual({ available: 16, held: 100, posted: 116 });
    const [hold] = (await transfersOf("won")).filter((row) => row.idempotencyKey === "dispute_hold:dp-won");
    expect(hold).toMatchObject({ kind: "hold", amount: 100, purchaseId, generationId: null });

    const won = await dispute("dp-won", purchaseId, "won", { reason: "fraudulent" });
    expect(won).toMatchObject({ created: false, changed: true, dispute: { status: "won", heldCredits: 100 } });
    expect(won.dispute.closedAt).toBeInstanceOf(Date);
    expect(won.customer.frozenAt).toBeNull();
    expect(await balanceOf("won")).toEqual({ available: 116, held: 0, posted: 116 });
    expect(await kindsOf("won")).toEqual(["grant", "purchase", "hold", "capture", "hold", "release"]);
    expect(await auditActionsFor("dp-won")).toEqual(["dispute.opened", "dispute.won"]);
    expect(await eventsAbout("won")).toEqual(["customer.frozen", "dispute.updated", "dispute.updated"]);
    await startGeneration(generationFor("won", "won-after", 3));
  });

  it("lost releases the hold and takes the same credits back as one purchase_reversal", async () => {
    const purchaseId = await buyer("lost", 20);
    await madeGeneration("lost", "lost-spent", { cost: 30 });
    expect(await balanceOf("lost")).toEqual({ available: 90, held: 0, posted: 90 });

    const opened = await dispute("dp-lost", purchaseId, "open");
    expect(opened.dispute.heldCredits).toBe(90);
    expect(await balanceOf("lost")).toEqual({ available: 0, held: 90, posted: 90 });

    const lost = await dispute("dp-lost", purchaseId, "lost");
    expect(lost.dispute).toMatchObject({ status: "lost", heldCredits: 90 });
    expect(lost.customer.frozenAt).toBeNull();
    expect(await balanceOf("lost")).toEqual({ available: 0, held: 0, posted: 0 });
    const reversals = (await transfersOf("lost")).filter((row) => row.kind === "purchase_reversal");
    expect(reversals).toMatchObject([{ amount: 90, purchaseId, idempotencyKey: "dispute_reversal:dp-lost" }]);
    const [purchase] = await db.select().from(purchases).where(eq(purchases.id, purchaseId));
    expect(purchase).toMatchObject({ creditsReversed: 90, status: "refunded", moneyRefunded: 0 });
    expect(await auditActionsFor("dp-lost")).toEqual(["dispute.opened", "dispute.lost"]);
  });

  it("holds nothing when nothing of the purchase is left, and still freezes", async () => {
    const purchaseId = await buyer("spent", 1);
    await madeGeneration("spent", "spent-all", { cost: 101 });
    const opened = await dispute("dp-spent", purchaseId, "open");
    expect(opened.dispute.heldCredits).toBe(0);
    expect(opened.customer.frozenAt).toBeInstanceOf(Date);
    expect(await kindsOf("spent")).toEqual(["grant", "purchase", "hold", "capture"]);
    const lost = await dispute("dp-spent", purchaseId, "lost");
    expect(lost.customer.frozenAt).toBeNull();
    expect(await kindsOf("spent")).toEqual(["grant", "purchase", "hold", "capture"]);
  });
});

describe("an admin's finding", () => {
  it("fraudulent suspends and forfeits the available credits in one transfer; lost then takes back the held ones", async () => {
    const admin = await staffMember("Fran Admin", "admin");
    const purchaseId = await buyer("fraud-lost", 50);
    await dispute("dp-fraud-lost", purchaseId, "open");
    expect(await balanceOf("fraud-lost")).toEqual({ available: 50, held: 100, posted: 150 });

    const found = await markDisputeFraudulent("dp-fraud-lost", "Chargeback after 40 delivered outputs", admin);
    expect(found).toMatchObject({
      forfeited: 50,
      dispute: { finding: "fraudulent", findingNote: "Chargeback after 40 delivered outputs", foundBy: admin.id },
    });
    const customer = await customerRow("fraud-lost");
    expect(customer.suspendedAt).toBeInstanceOf(Date);
    expect(customer.frozenAt).toBeInstanceOf(Date);
    expect(await balanceOf("fraud-lost")).toEqual({ available: 0, held: 100, posted: 100 });
    const forfeits = (await transfersOf("fraud-lost")).filter((row) => row.kind === "forfeit");
    expect(forfeits).toMatchObject([{ amount: 50, idempotencyKey: "forfeit:dp-fraud-lost", actorId: admin.id }]);

    await expect(refusalOf(markDisputeLegitimate("dp-fraud-lost", "Changed my mind", admin))).resolves.toMatchObject({
      code: "dispute.already_reviewed",
    });
    await dispute("dp-fraud-lost", purchaseId, "lost");
    expect(await balanceOf("fraud-lost")).toEqual({ available: 0, held: 0, posted: 0 });
    const after = await customerRow("fraud-lost");
    expect(after.frozenAt).toBeNull();
    expect(after.suspendedAt).toEqual(customer.suspendedAt);
    expect(await auditActionsFor("dp-fraud-lost")).toEqual([
      "dispute.opened",
      "dispute.found_fraudulent",
      "dispute.lost",
    ]);
    expect(await auditActionsFor("fraud-lost")).toEqual(["customer.suspended"]);
    expect(await eventsAbout("fraud-lost")).toEqual([
      "customer.frozen",
      "customer.suspended",
      "dispute.updated",
      "dispute.updated",
      "dispute.updated",
    ]);
  });

  it("fraudulent, then won: the held credits come back to the suspended account", async () => {
    const admin = await staffMember("Fred Admin", "admin");
    const purchaseId = await buyer("fraud-won", 50);
    await dispute("dp-fraud-won", purchaseId, "open");
    await markDisputeFraudulent("dp-fraud-won", "Outputs delivered, then charged back", admin);
    await dispute("dp-fraud-won", purchaseId, "won");
    expect(await balanceOf("fraud-won")).toEqual({ available: 100, held: 0, posted: 100 });
    expect(await kindsOf("fraud-won")).toEqual(["grant", "purchase", "hold", "forfeit", "release"]);
    expect((await customerRow("fraud-won")).suspendedAt).toBeInstanceOf(Date);
    await expect(refusalOf(markDisputeFraudulent("dp-fraud-won", "Again", admin))).resolves.toMatchObject({
      code: "dispute.invalid_transition",
    });
  });

  it("legitimate unfreezes at once; the held credits wait for the outcome", async () => {
    const admin = await staffMember("Lee Admin", "admin");
    const purchaseId = await buyer("legit", 30);
    await dispute("dp-legit", purchaseId, "open");
    const found = await markDisputeLegitimate("dp-legit", "Bank error, the customer called us", admin);
    expect(found.dispute).toMatchObject({ finding: "legitimate", status: "open", heldCredits: 100 });
    expect(found.customer.frozenAt).toBeNull();
    expect(await balanceOf("legit")).toEqual({ available: 30, held: 100, posted: 130 });
    await startGeneration(generationFor("legit", "legit-after", 5));
    await dispute("dp-legit", purchaseId, "won");
    expect(await balanceOf("legit")).toEqual({ available: 125, held: 5, posted: 130 });
    expect(await auditActionsFor("dp-legit")).toEqual(["dispute.opened", "dispute.found_legitimate", "dispute.won"]);
  });

  it("legitimate on one dispute leaves the customer frozen while another is open", async () => {
    const admin = await staffMember("Lou Admin", "admin");
    const first = await buyer("two", 10, "two-a");
    await boughtCreditPack("two", "two-b");
    await dispute("dp-two-a", first, "open");
    await dispute("dp-two-b", "two-b", "open");
    expect(await balanceOf("two")).toEqual({ available: 10, held: 200, posted: 210 });
    const found = await markDisputeLegitimate("dp-two-a", "Known customer", admin);
    expect(found.customer.frozenAt).toBeInstanceOf(Date);
    const won = await dispute("dp-two-b", "two-b", "won");
    expect(won.customer.frozenAt).toBeNull();
  });
});

describe("out of order and repeated", () => {
  it("a dispute first reported lost is recorded ended and takes the unspent credits back at once", async () => {
    const purchaseId = await buyer("late", 5);
    await madeGeneration("late", "late-gen", { cost: 45 });
    const lost = await dispute("dp-late", purchaseId, "lost");
    expect(lost).toMatchObject({ created: true, dispute: { status: "lost", heldCredits: 0 } });
    expect(lost.customer.frozenAt).toBeNull();
    expect(await balanceOf("late")).toEqual({ available: 0, held: 0, posted: 0 });
    expect(await kindsOf("late")).toEqual(["grant", "purchase", "hold", "capture", "purchase_reversal"]);

    const before = await rowsOf({ disputes, transfers, auditEvents, webhookEvents });
    await expect(refusalOf(dispute("dp-late", purchaseId, "open"))).resolves.toMatchObject({
      code: "dispute.invalid_transition",
      status: 409,
    });
    expect(await rowsOf({ disputes, transfers, auditEvents, webhookEvents })).toEqual(before);
  });

  it("a dispute first reported won is recorded ended and moves nothing", async () => {
    const purchaseId = await buyer("early-won", 5);
    const won = await dispute("dp-early-won", purchaseId, "won");
    expect(won).toMatchObject({ created: true, dispute: { status: "won", heldCredits: 0 } });
    expect(await kindsOf("early-won")).toEqual(["grant", "purchase"]);
    await expect(refusalOf(dispute("dp-early-won", purchaseId, "lost"))).resolves.toMatchObject({
      code: "dispute.invalid_transition",
    });
  });

  it("the same report twice changes nothing the second time", async () => {
    const purchaseId = await buyer("twice", 10);
    const openedAt = new Date(Date.now() - 3_600_000);
    await dispute("dp-twice", purchaseId, "open", { reason: "fraudulent", openedAt });
    const before = await rowsOf({ disputes, transfers, auditEvents, webhookEvents });
    const again = await dispute("dp-twice", purchaseId, "open", { reason: "fraudulent", openedAt });
    expect(again).toMatchObject({ created: false, changed: false, dispute: { openedAt } });
    expect(await rowsOf({ disputes, transfers, auditEvents, webhookEvents })).toEqual(before);

    await dispute("dp-twice", purchaseId, "lost");
    const ended = await rowsOf({ disputes, transfers, auditEvents, webhookEvents });
    expect(await dispute("dp-twice", purchaseId, "lost")).toMatchObject({ changed: false });
    expect(await rowsOf({ disputes, transfers, auditEvents, webhookEvents })).toEqual(ended);
    await expect(refusalOf(dispute("dp-twice", purchaseId, "lost", { reason: "other" }))).resolves.toMatchObject({
      code: "dispute.invalid_transition",
    });
  });

  describe("ten identical reports at once", () => {
    const pool = widePool(10);
    afterAll(() => pool.sql.end({ timeout: 5 }));

    it("record one dispute and one hold; the others find it", async () => {
      const purchaseId = await buyer("burst", 10);
      const { fulfilled, rejected } = await settle(
        Array.from({ length: 10 }, () => upsertDispute({ id: "dp-burst", purchaseId, status: "open" }, pool.db)),
      );
      expect(rejected).toEqual([]);
      expect(fulfilled.filter((result) => result.created)).toHaveLength(1);
      expect(await db.select().from(disputes).where(eq(disputes.id, "dp-burst"))).toHaveLength(1);
      expect((await transfersOf("burst")).filter((row) => row.kind === "hold")).toHaveLength(1);
      expect(await balanceOf("burst")).toEqual({ available: 10, held: 100, posted: 110 });
      expect(await eventsAbout("burst")).toEqual(["customer.frozen", "dispute.updated"]);
    });
  });
});

describe("a frozen customer", () => {
  it("cannot start a generation: 403 account.frozen, and no hold", async () => {
    const purchaseId = await buyer("frozen-start", 40);
    await dispute("dp-frozen-start", purchaseId, "open");
    const before = await rowsOf({ generations, transfers });
    await expect(refusalOf(startGeneration(generationFor("frozen-start", "frozen-gen")))).resolves.toMatchObject({
      code: "account.frozen",
      status: 403,
    });
    const answer = await call.respond(postGeneration, { body: generationFor("frozen-start", "frozen-gen-api") });
    expect(answer.status).toBe(403);
    await expectContract("post", "/generations", answer.clone());
    expect(await answer.json()).toMatchObject({ error: { code: "account.frozen" } });
    expect(await rowsOf({ generations, transfers })).toEqual(before);
  });

  it("cannot report a bad result: 403 account.frozen, and nothing is written", async () => {
    await establishedCustomer("frozen-report", 20);
    await madeGeneration("frozen-report", "frozen-report-gen");
    await boughtCreditPack("frozen-report", "frozen-report-pack");
    await dispute("dp-frozen-report", "frozen-report-pack", "open");
    const tables = { refundRequests, transfers, notifications, auditEvents, webhookEvents };
    const before = await rowsOf(tables);
    await expect(refusalOf(report("frozen-report", "frozen-report-gen"))).resolves.toMatchObject({
      code: "account.frozen",
      status: 403,
    });
    expect(await rowsOf(tables)).toEqual(before);
  });
});

describe("PUT /api/v1/disputes/{disputeId}", () => {
  const path = "/disputes/{disputeId}";

  it("answers 201 new, 200 changed or repeated, 404, 409 and 422 as documented", async () => {
    const purchaseId = await buyer("api-dispute", 10);
    const params = { disputeId: "dp_api:1" };
    const body = { purchaseId, status: "open", reason: "fraudulent", openedAt: "2025-01-02T03:04:05Z" };

    const created = await call.respond(putDispute, { params, body });
    expect(created.status).toBe(201);
    await expectContract("put", path, created.clone());
    expect(await created.json()).toEqual({
      dispute: {
        id: "dp_api:1",
        purchaseId,
        customerId: "api-dispute",
        status: "open",
        reason: "fraudulent",
        heldCredits: 100,
        finding: null,
        openedAt: "2025-01-02T03:04:05.000Z",
        closedAt: null,
      },
      customer: expect.objectContaining({ id: "api-dispute", status: "frozen" }),
    });

    const repeated = await call(putDispute, { params, body });
    expect(repeated).toMatchObject({ status: 200, body: { dispute: { status: "open" } } });
    const won = await call.respond(putDispute, { params, body: { ...body, status: "won" } });
    expect(won.status).toBe(200);
    await expectContract("put", path, won.clone());
    expect(await won.json()).toMatchObject({ dispute: { status: "won" }, customer: { status: "active" } });

    const reopened = await call.respond(putDispute, { params, body });
    expect(reopened.status).toBe(409);
    await expectContract("put", path, reopened.clone());
    expect(await reopened.json()).toMatchObject({ error: { code: "dispute.invalid_transition" } });

    const missing = await call.respond(putDispute, {
      params: { disputeId: "dp-api-2" },
      body: { ...body, purchaseId: "nope" },
    });
    expect(missing.status).toBe(404);
    await expectContract("put", path, missing.clone());
    expect(await missing.json()).toMatchObject({ error: { code: "purchase.not_found" } });

    const invalid = await call.respond(putDispute, { params, body: { ...body, status: "closed" } });
    expect(invalid.status).toBe(422);
    await expectContract("put", path, invalid.clone());
    expect(await invalid.json()).toMatchObject({ error: { code: "validation.failed", field: "status" } });
    const badId = await call(putDispute, { params: { disputeId: "no spaces" }, body });
    expect(badId).toMatchObject({ status: 422, body: { error: { field: "disputeId" } } });
    expect(await db.select().from(disputes).where(like(disputes.id, "dp-api-2%"))).toEqual([]);
  });
});
