import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postStripeWebhook } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db/client";
import { customers, disputes, providerRefunds, purchases, stripeEvents, transfers } from "@/db/schema";
import { rolesForPath } from "@/lib/auth/roles.shared";
import { config } from "@/lib/config";
import { refundMoney } from "@/lib/purchases/money-refunds";
import { paymentProvider } from "@/lib/purchases/provider";
import { recordPurchase } from "@/lib/purchases/purchases";
import { requestPurchaseRefund } from "@/lib/purchases/refund-requests";
import { makeScheduledJobsDue, queuedJobs, runDueJobs } from "@/tests/support/jobs";
import { balanceOf, customerWith } from "@/tests/support/ledger";
import { rowsOf } from "@/tests/support/rows";
import { stripeStandIn } from "@/tests/support/stripe-stand-in";

const webhookSecret = "whsec_integration_test_secret";
const secretKey = "sk_test_integration";

// Before anything reads the configuration, which is read once: the client goes to the stand-in.
const stripeApi = await stripeStandIn();
process.env.STRIPE_SECRET_KEY = secretKey;
process.env.STRIPE_WEBHOOK_SECRET = webhookSecret;
process.env.STRIPE_API_HOST = "127.0.0.1";
process.env.STRIPE_API_PORT = String(stripeApi.port);
process.env.STRIPE_API_PROTOCOL = "http";

afterAll(() => stripeApi.close());

beforeAll(() => {
  expect(config().stripe?.api).toEqual({ host: "127.0.0.1", port: stripeApi.port, protocol: "http" });
});

const id = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

/** An event as Stripe sends it, with just the fields our handling reads. */
function stripeEvent(type: string, object: Record<string, unknown>, eventId = id("evt")) {
  return {
    id: eventId,
    object: "event",
    type,
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

function signed(event: object, secret = webhookSecret) {
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

async function deliver(event: object, { secret = webhookSecret } = {}) {
  const { payload, signature } = signed(event, secret);
  const response = await postStripeWebhook(
    new Request("http://makegood.test/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    }),
  );
  return { status: response.status, text: await response.text() };
}

function checkoutCompleted(customerId: string, { product = "credits_100", amount = 999 } = {}) {
  const paymentIntent = id("pi");
  const purchaseId = id("pur");
  const event = stripeEvent("checkout.session.completed", {
    id: id("cs"),
    object: "checkout.session",
    mode: "payment",
    payment_status: "paid",
    status: "complete",
    amount_total: amount,
    currency: "usd",
    payment_intent: paymentIntent,
    client_reference_id: purchaseId,
    metadata: { customerId, product, purchaseId },
  });
  return { event, paymentIntent, purchaseId };
}

function disputeEvent(type: "charge.dispute.created" | "charge.dispute.closed", dispute: DisputeFacts) {
  return stripeEvent(type, {
    id: dispute.id,
    object: "dispute",
    amount: 999,
    currency: "usd",
    charge: id("ch"),
    payment_intent: dispute.paymentIntent,
    reason: "fraudulent",
    status: dispute.status,
    created: dispute.created,
  });
}

type DisputeFacts = { id: string; paymentIntent: string; status: Stripe.Dispute.Status; created: number };

async function customerBought(credits = 0) {
  const customerId = id("cust");
  await customerWith(customerId, credits);
  const bought = checkoutCompleted(customerId);
  expect(await deliver(bought.event)).toMatchObject({ status: 200 });
  return { customerId, ...bought };
}

const purchaseTransfers = (purchaseId: string) =>
  db.select().from(transfers).where(eq(transfers.purchaseId, purchaseId)).orderBy(transfers.id);

async function disputeOf(disputeId: string) {
  const [row] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
  return row;
}

async function frozenAt(customerId: string) {
  const [row] = await db.select({ frozenAt: customers.frozenAt }).from(customers).where(eq(customers.id, customerId));
  return row?.frozenAt ?? null;
}

describe("the Stripe adapter's calls to Stripe", () => {
  it("makes a Checkout Session naming the customer, the product and the purchase", async () => {
    const provider = paymentProvider();
    expect(provider.name).toBe("stripe");
    const { url } = await provider.createCheckout({
      purchaseId: "pur_checkout_1",
      customer: { id: "cust-checkout", email: "buyer@example.com" },
      product: { key: "credits_100", name: "100 credits", amount: 999, currency: "USD", credits: 100 },
      successUrl: "http://makegood.test/purchases?purchase=pur_checkout_1",
      cancelUrl: "http://makegood.test/purchases",
    });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const [call] = stripeApi.callsTo("/v1/checkout/sessions").slice(-1);
    expect(call).toMatchObject({ method: "POST", authorization: `Bearer ${secretKey}` });
    expect(call?.params).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "999",
      "line_items[0][price_data][product_data][name]": "100 credits",
      "metadata[customerId]": "cust-checkout",
      "metadata[product]": "credits_100",
      "metadata[purchaseId]": "pur_checkout_1",
      client_reference_id: "pur_checkout_1",
      customer_email: "buyer@example.com",
      success_url: "http://makegood.test/purchases?purchase=pur_checkout_1",
      cancel_url: "http://makegood.test/purchases",
    });
  });
});

describe("POST /api/webhooks/stripe", () => {
  it("is reached without a session: Stripe signs its requests instead", () => {
    expect(rolesForPath("/api/webhooks/stripe")).toBe("public");
  });

  it("records a paid checkout as one purchase and grants its credits once, however often it arrives", async () => {
    const customerId = id("cust");
    await customerWith(customerId, 0);
    const { event, paymentIntent, purchaseId } = checkoutCompleted(customerId);

    expect(await deliver(event)).toEqual({ status: 200, text: "Received." });
    expect(await deliver(event)).toEqual({ status: 200, text: "Already handled." });
    const storm = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(storm.map((answer) => answer.status)).toEqual(Array(10).fill(200));

    const bought = await db.select().from(purchases).where(eq(purchases.customerId, customerId));
    expect(bought).toEqual([
      expect.objectContaining({
        id: purchaseId,
        productKey: "credits_100",
        amount: 999,
        currency: "USD",
        credits: 100,
        provider: "stripe",
        paymentRef: paymentIntent,
        purchasedAt: new Date(event.created * 1000),
      }),
    ]);
    expect(await purchaseTransfers(purchaseId)).toEqual([expect.objectContaining({ kind: "purchase", amount: 100 })]);
    expect(await balanceOf(customerId)).toMatchObject({ available: 100 });
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(1);
  });

  it("handles ten deliveries of one event at the same moment once", async () => {
    const customerId = id("cust");
    await customerWith(customerId, 0);
    const { event, purchaseId } = checkoutCompleted(customerId);
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.text === "Received.")).toHaveLength(1);
    expect(await purchaseTransfers(purchaseId)).toHaveLength(1);
    expect(await balanceOf(customerId)).toMatchObject({ available: 100 });
  });

  it("refuses a bad signature with a 400 and writes nothing", async () => {
    const customerId = id("cust");
    await customerWith(customerId, 0);
    const { event } = checkoutCompleted(customerId);
    const before = await rowsOf({ purchases, transfers, stripeEvents });

    const wrongSecret = await deliver(event, { secret: "whsec_someone_else" });
    expect(wrongSecret).toEqual({ status: 400, text: "The Stripe-Signature header does not match the body." });

    const { signature } = signed(event);
    const tampered = await postStripeWebhook(
      new Request("http://makegood.test/api/webhooks/stripe", {
        method: "POST",
        headers: { "stripe-signature": signature },
        body: JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } }),
      }),
    );
    expect(tampered.status).toBe(400);
    const unsigned = await postStripeWebhook(
      new Request("http://makegood.test/api/webhooks/stripe", { method: "POST", body: JSON.stringify(event) }),
    );
    expect(unsigned.status).toBe(400);

    expect(await rowsOf({ purchases, transfers, stripeEvents })).toEqual(before);
  });

  it("acknowledges event types it does not handle, and sessions Makegood did not start, without recording a purchase", async () => {
    expect(await deliver(stripeEvent("customer.created", { id: id("cus"), object: "customer" }))).toEqual({
      status: 200,
      text: "Received.",
    });
    const foreign = stripeEvent("checkout.session.completed", {
      id: id("cs"),
      object: "checkout.session",
      payment_status: "paid",
      amount_total: 500,
      currency: "usd",
      payment_intent: id("pi"),
      metadata: {},
    });
    const before = await rowsOf({ purchases });
    expect(await deliver(foreign)).toMatchObject({ status: 200 });
    expect(await rowsOf({ purchases })).toEqual(before);
  });

  describe("disputes", () => {
    it("freezes and holds on created, then takes the credits back when closed as lost", async () => {
      const { customerId, paymentIntent, purchaseId } = await customerBought();
      const dispute = { id: id("dp"), paymentIntent, created: Math.floor(Date.now() / 1000) - 60 };

      expect(
        await deliver(disputeEvent("charge.dispute.created", { ...dispute, status: "needs_response" })),
      ).toMatchObject({
        status: 200,
      });
      expect(await disputeOf(dispute.id)).toMatchObject({
        purchaseId,
        customerId,
        status: "open",
        reason: "fraudulent",
        heldCredits: 100,
        openedAt: new Date(dispute.created * 1000),
      });
      expect(await frozenAt(customerId)).not.toBeNull();
      expect(await balanceOf(customerId)).toMatchObject({ posted: 100, held: 100, available: 0 });

      expect(await deliver(disputeEvent("charge.dispute.closed", { ...dispute, status: "lost" }))).toMatchObject({
        status: 200,
      });
      expect(await disputeOf(dispute.id)).toMatchObject({ status: "lost", closedAt: expect.any(Date) });
      expect(await frozenAt(customerId)).toBeNull();
      expect(await balanceOf(customerId)).toMatchObject({ posted: 0, held: 0, available: 0 });
      expect((await purchaseTransfers(purchaseId)).map(({ kind, amount }) => ({ kind, amount }))).toEqual([
        { kind: "purchase", amount: 100 },
        { kind: "hold", amount: 100 },
        { kind: "release", amount: 100 },
        { kind: "purchase_reversal", amount: 100 },
      ]);
    });

    it("releases the hold when closed as won, and an inquiry closed without a chargeback counts as won", async () => {
      const { customerId, paymentIntent } = await customerBought(20);
      const created = Math.floor(Date.now() / 1000);
      const chargeback = { id: id("dp"), paymentIntent, created };
      await deliver(disputeEvent("charge.dispute.created", { ...chargeback, status: "needs_response" }));
      expect(await balanceOf(customerId)).toMatchObject({ posted: 120, held: 100, available: 20 });
      await deliver(disputeEvent("charge.dispute.closed", { ...chargeback, status: "won" }));
      expect(await disputeOf(chargeback.id)).toMatchObject({ status: "won" });
      expect(await balanceOf(customerId)).toMatchObject({ posted: 120, held: 0, available: 120 });

      const inquiry = { id: id("dp"), paymentIntent, created };
      await deliver(disputeEvent("charge.dispute.created", { ...inquiry, status: "warning_needs_response" }));
      expect(await disputeOf(inquiry.id)).toMatchObject({ status: "open" });
      await deliver(disputeEvent("charge.dispute.closed", { ...inquiry, status: "warning_closed" }));
      expect(await disputeOf(inquiry.id)).toMatchObject({ status: "won" });
      expect(await frozenAt(customerId)).toBeNull();
      expect(await balanceOf(customerId)).toMatchObject({ posted: 120, held: 0, available: 120 });
    });

    it("takes the credits back when closed arrives before created, and the late created changes nothing", async () => {
      const { customerId, paymentIntent, purchaseId } = await customerBought();
      const dispute = { id: id("dp"), paymentIntent, created: Math.floor(Date.now() / 1000) };

      expect(await deliver(disputeEvent("charge.dispute.closed", { ...dispute, status: "lost" }))).toMatchObject({
        status: 200,
      });
      expect(await disputeOf(dispute.id)).toMatchObject({ status: "lost", heldCredits: 0 });
      const late = disputeEvent("charge.dispute.created", { ...dispute, status: "needs_response" });
      expect(await deliver(late)).toEqual({ status: 200, text: "Received." });
      expect(await deliver(late)).toEqual({ status: 200, text: "Already handled." });

      expect(await disputeOf(dispute.id)).toMatchObject({ status: "lost", closedAt: expect.any(Date) });
      expect(await frozenAt(customerId)).toBeNull();
      expect(await balanceOf(customerId)).toMatchObject({ posted: 0, held: 0 });
      expect((await purchaseTransfers(purchaseId)).map(({ kind, amount }) => ({ kind, amount }))).toEqual([
        { kind: "purchase", amount: 100 },
        { kind: "purchase_reversal", amount: 100 },
      ]);
    });

    it("opens one dispute with one hold when the same event comes twice", async () => {
      const { customerId, paymentIntent, purchaseId } = await customerBought();
      const created = disputeEvent("charge.dispute.created", {
        id: id("dp"),
        paymentIntent,
        status: "needs_response",
        created: Math.floor(Date.now() / 1000),
      });
      await deliver(created);
      await deliver(created);
      // Stripe may also send the same news under another event id.
      await deliver({ ...created, id: id("evt") });
      expect(await db.select().from(disputes).where(eq(disputes.customerId, customerId))).toHaveLength(1);
      expect((await purchaseTransfers(purchaseId)).filter((transfer) => transfer.kind === "hold")).toHaveLength(1);
      expect(await balanceOf(customerId)).toMatchObject({ posted: 100, held: 100 });
    });

    it("ends as lost with one reversal when created and closed arrive at the same moment, each several times", async () => {
      const { customerId, paymentIntent, purchaseId } = await customerBought();
      const dispute = { id: id("dp"), paymentIntent, created: Math.floor(Date.now() / 1000) };
      const created = disputeEvent("charge.dispute.created", { ...dispute, status: "needs_response" });
      const closed = disputeEvent("charge.dispute.closed", { ...dispute, status: "lost" });
      const answers = await Promise.all(Array.from({ length: 5 }, () => [deliver(created), deliver(closed)]).flat());
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));

      expect(await disputeOf(dispute.id)).toMatchObject({ status: "lost" });
      expect(await frozenAt(customerId)).toBeNull();
      expect(await balanceOf(customerId)).toMatchObject({ posted: 0, held: 0 });
      const kinds = (await purchaseTransfers(purchaseId)).map((transfer) => transfer.kind);
      expect(kinds.filter((kind) => kind === "purchase_reversal")).toHaveLength(1);
    });

    it("ignores a dispute on a charge that is not a purchase of ours", async () => {
      const before = await rowsOf({ disputes });
      const stranger = disputeEvent("charge.dispute.created", {
        id: id("dp"),
        paymentIntent: id("pi"),
        status: "needs_response",
        created: Math.floor(Date.now() / 1000),
      });
      expect(await deliver(stranger)).toMatchObject({ status: 200 });
      expect(await rowsOf({ disputes })).toEqual(before);
    });
  });

  describe("charge.refunded", () => {
    function chargeRefunded(paymentIntent: string, amountRefunded: number, refunds: object[] = []) {
      return stripeEvent("charge.refunded", {
        id: id("ch"),
        object: "charge",
        amount: 999,
        amount_refunded: amountRefunded,
        currency: "usd",
        payment_intent: paymentIntent,
        refunded: amountRefunded === 999,
        refunds: { object: "list", data: refunds, has_more: false, url: "/v1/refunds" },
      });
    }

    const purchaseRow = async (purchaseId: string) =>
      (await db.select().from(purchases).where(eq(purchases.id, purchaseId)))[0];

    it("counts money refunded in Stripe's dashboard by the charge's running total, capped by the amount", async () => {
      const { paymentIntent, purchaseId } = await customerBought();
      await deliver(chargeRefunded(paymentIntent, 300));
      expect(await purchaseRow(purchaseId)).toMatchObject({ moneyRefunded: 300, status: "partially_refunded" });
      // An older report arriving late never lowers it.
      await deliver(chargeRefunded(paymentIntent, 100));
      expect(await purchaseRow(purchaseId)).toMatchObject({ moneyRefunded: 300 });
      await deliver(chargeRefunded(paymentIntent, 5000));
      expect(await purchaseRow(purchaseId)).toMatchObject({ moneyRefunded: 999, status: "refunded" });
    });

    it("settles our own pending provider refund named in the charge's refunds, and counts its money once", async () => {
      const { customerId, paymentIntent, purchaseId } = await customerBought();
      await requestPurchaseRefund({
        purchaseId,
        customerId,
        reason: "accidental",
        details: "I bought this pack by mistake, sorry.",
        source: "web",
        actorId: null,
      });
      const [pending] = await db.select().from(providerRefunds).where(eq(providerRefunds.purchaseId, purchaseId));
      expect(pending).toMatchObject({ status: "pending", amount: 999 });
      expect(await purchaseRow(purchaseId)).toMatchObject({ moneyRefunded: 999, status: "refunded" });

      await deliver(
        chargeRefunded(paymentIntent, 999, [
          {
            id: "re_from_stripe",
            object: "refund",
            status: "succeeded",
            amount: 999,
            metadata: { providerRefundId: pending!.id },
          },
        ]),
      );
      expect(await db.select().from(providerRefunds).where(eq(providerRefunds.id, pending!.id))).toEqual([
        expect.objectContaining({
          status: "succeeded",
          providerRefundId: "re_from_stripe",
          settledAt: expect.any(Date),
        }),
      ]);
      expect(await purchaseRow(purchaseId)).toMatchObject({ moneyRefunded: 999, status: "refunded" });

      // The job finds it settled and makes no call.
      const before = stripeApi.callsTo("/v1/refunds").length;
      await runDueJobs();
      expect(stripeApi.callsTo("/v1/refunds")).toHaveLength(before);
    });
  });
});

describe("the payment.refund job", () => {
  async function approvedRefund() {
    const bought = await customerBought();
    await requestPurchaseRefund({
      purchaseId: bought.purchaseId,
      customerId: bought.customerId,
      reason: "accidental",
      details: "I bought this pack by mistake, sorry.",
      source: "web",
      actorId: null,
    });
    const [row] = await db.select().from(providerRefunds).where(eq(providerRefunds.purchaseId, bought.purchaseId));
    return { ...bought, refund: row! };
  }

  const refundRow = async (refundId: string) =>
    (await db.select().from(providerRefunds).where(eq(providerRefunds.id, refundId)))[0];

  const refundCallsFor = (refundId: string) =>
    stripeApi.callsTo("/v1/refunds").filter((call) => call.idempotencyKey === refundId);

  it("refunds through Stripe once, keyed by the provider refund, however often it runs", async () => {
    const { paymentIntent, refund } = await approvedRefund();
    expect(await queuedJobs("payment.refund")).toEqual([
      expect.objectContaining({ payload: { providerRefundId: refund.id } }),
    ]);

    await runDueJobs();
    await runDueJobs();
    await refundMoney(refund.id);

    const calls = refundCallsFor(refund.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: "POST",
      authorization: `Bearer ${secretKey}`,
      params: {
        payment_intent: paymentIntent,
        amount: "999",
        reason: "requested_by_customer",
        "metadata[providerRefundId]": refund.id,
      },
    });
    expect(await refundRow(refund.id)).toMatchObject({
      status: "succeeded",
      providerRefundId: expect.stringMatching(/^re_test_/),
      attempts: 1,
      lastError: null,
      settledAt: expect.any(Date),
    });
    expect(await queuedJobs("payment.refund")).toEqual([]);
  });

  it("tries again a minute after Stripe fails, with the same idempotency key", async () => {
    const { refund } = await approvedRefund();
    stripeApi.fail(1);
    await runDueJobs();

    expect(refundCallsFor(refund.id)).toHaveLength(1);
    const failed = await refundRow(refund.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, providerRefundId: null, settledAt: null });
    expect(failed?.lastError).toMatch(/^The payment provider did not refund it: .+/);
    expect(failed?.lastError).not.toMatch(/\n|at .+\(/);
    const [retry] = await queuedJobs("payment.refund");
    expect(retry!.dueIn).toBeGreaterThan(50);

    await runDueJobs();
    expect(refundCallsFor(refund.id)).toHaveLength(1);

    await makeScheduledJobsDue();
    await runDueJobs();
    expect(refundCallsFor(refund.id)).toHaveLength(2);
    expect(refundCallsFor(refund.id).map((call) => call.idempotencyKey)).toEqual([refund.id, refund.id]);
    expect(await refundRow(refund.id)).toMatchObject({ status: "succeeded", attempts: 2, lastError: null });
  });

  it("marks the refund failed after the fifth failed attempt, with the reason in a sentence", async () => {
    const { refund } = await approvedRefund();
    stripeApi.fail(5);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await makeScheduledJobsDue();
      await runDueJobs();
    }
    expect(refundCallsFor(refund.id)).toHaveLength(5);
    expect(await refundRow(refund.id)).toMatchObject({
      status: "failed",
      attempts: 5,
      settledAt: expect.any(Date),
      lastError: expect.stringMatching(/^The payment provider did not refund it: /),
    });
    expect(await queuedJobs("payment.refund")).toEqual([]);
  });

  it("settles a host purchase's refund without calling any provider: the host's billing returns the money", async () => {
    const customerId = id("cust");
    await customerWith(customerId, 0);
    const { purchase } = await recordPurchase({
      id: id("pur"),
      customerId,
      product: "credits_100",
      amount: 999,
      currency: "USD",
      provider: "host",
      paymentRef: id("host_pay"),
    });
    await requestPurchaseRefund({
      purchaseId: purchase.id,
      customerId,
      reason: "accidental",
      details: "I bought this pack by mistake, sorry.",
      source: "api",
      actorId: null,
    });
    const before = stripeApi.calls.length;
    await runDueJobs();
    expect(stripeApi.calls).toHaveLength(before);
    expect(
      await db
        .select()
        .from(providerRefunds)
        .where(and(eq(providerRefunds.purchaseId, purchase.id), eq(providerRefunds.status, "succeeded"))),
    ).toEqual([expect.objectContaining({ providerRefundId: null, attempts: 1, settledAt: expect.any(Date) })]);
  });
});
