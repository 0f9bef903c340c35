import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import Stripe from "stripe";
import { db, type Executor } from "@/db/client";
import type { DisputeStatus } from "@/db/enums";
import { providerRefunds, purchases, stripeEvents } from "@/db/schema";
import { config } from "@/lib/config";
import { isDomainError } from "@/lib/errors";
import { readLimited } from "@/lib/http/read-limited";
import { retriedWhileRaced } from "@/lib/ledger/retry";
import { upsertDispute } from "./disputes";
import { recordPurchase } from "./purchases";

/** Stripe's events are a few kilobytes; anything near this is not one of them. */
const maxEventBytes = 512 * 1024;
const attemptsWhileRaced = 5;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StripeWebhookAnswer = { status: number; message: string };

/**
 * Stripe's dispute statuses in our three words. An inquiry closed without a chargeback, or one a
 * card network stopped, took no money: for the customer it is as good as won.
 */
export function disputeStatusOf(status: Stripe.Dispute.Status): DisputeStatus {
  if (status === "won" || status === "warning_closed" || status === "prevented") return "won";
  if (status === "lost") return "lost";
  return "open";
}

function idOf(value: string | { id: string } | null): string | null {
  return typeof value === "string" ? value : (value?.id ?? null);
}

function dateOf(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}

async function stripePurchaseId(tx: Executor, paymentIntent: string | null): Promise<string | null> {
  if (!paymentIntent) return null;
  const [purchase] = await tx
    .select({ id: purchases.id })
    .from(purchases)
    .where(and(eq(purchases.provider, "stripe"), eq(purchases.paymentRef, paymentIntent)));
  return purchase?.id ?? null;
}

/**
 * A paid Checkout Session is a purchase. Sessions Makegood did not create (a payment link, another app
 * on the same account) carry no customer or product of ours and are left alone.
 */
async function checkoutCompleted(tx: Executor, event: Stripe.CheckoutSessionCompletedEvent) {
  const session = event.data.object;
  const customerId = session.metadata?.customerId;
  const product = session.metadata?.product;
  // Only cards are offered, which are paid by the time the session completes; a session still waiting
  // for a delayed payment method has taken no money yet.
  if (!customerId || !product || session.payment_status !== "paid" || session.amount_total === null) return;
  await recordPurchase(
    {
      id: session.metadata?.purchaseId ?? session.id,
      customerId,
      product,
      amount: session.amount_total,
      currency: (session.currency ?? "").toUpperCase(),
      provider: "stripe",
      paymentRef: idOf(session.payment_intent) ?? undefined,
      purchasedAt: dateOf(event.created),
    },
    tx,
  );
}

/**
 * Stripe reports every refund of a charge, ours and those made in its dashboard, with the charge's
 * running total. Raising what we count to that total, never lowering it, makes each report count once
 * in any order: our own refunds were already counted when they were approved, so only money refunded
 * in the dashboard changes anything. (No purchase.refunded event: that event reports a refund request's
 * decision, and a dashboard refund has none.)
 */
async function chargeRefunded(tx: Executor, event: Stripe.ChargeRefundedEvent) {
  const charge = event.data.object;
  const purchaseId = await stripePurchaseId(tx, idOf(charge.payment_intent));
  if (!purchaseId) return;
  const total = sql`least(${charge.amount_refunded}::int, ${purchases.amount})`;
  await tx
    .update(purchases)
    .set({
      moneyRefunded: total,
      // A lost dispute already counts the purchase refunded, through the customer's bank.
      status: sql`(case when ${total} = ${purchases.amount} or ${purchases.status} = 'refunded' then 'refunded' else 'partially_refunded' end)::purchase_status`,
    })
    .where(and(eq(purchases.id, purchaseId), lt(purchases.moneyRefunded, total)));
  // Accounts on older API versions list the refunds with the charge: settle our own among them here,
  // in case the worker that asked for them has not recorded Stripe's answer yet.
  for (const refund of charge.refunds?.data ?? []) {
    const ours = refund.metadata?.providerRefundId;
    if (!ours || !uuidPattern.test(ours) || refund.status !== "succeeded") continue;
    await tx
      .update(providerRefunds)
      .set({ status: "succeeded", providerRefundId: refund.id, settledAt: new Date(), lastError: null })
      .where(
        and(
          eq(providerRefunds.id, ours),
          eq(providerRefunds.purchaseId, purchaseId),
          eq(providerRefunds.status, "pending"),
        ),
      );
  }
}

/**
 * A dispute's news, in whatever order Stripe delivers it. The dispute's own rules refuse a step
 * backwards (closed, then the late "created"): such news is stale, and is acknowledged as handled.
 */
async function disputeChanged(tx: Executor, dispute: Stripe.Dispute) {
  const purchaseId = await stripePurchaseId(tx, idOf(dispute.payment_intent));
  if (!purchaseId) return;
  const update = {
    id: dispute.id,
    purchaseId,
    status: disputeStatusOf(dispute.status),
    reason: dispute.reason,
    openedAt: dateOf(dispute.created),
  };
  try {
    await upsertDispute(update, tx);
  } catch (error) {
    if (!isDomainError(error) || error.code !== "dispute.invalid_transition") throw error;
  }
}

/** The handling of the four event types Makegood subscribes to; any other is acknowledged and left alone. */
function handlerOf(event: Stripe.Event): ((tx: Executor) => Promise<void>) | null {
  switch (event.type) {
    case "checkout.session.completed":
      return (tx) => checkoutCompleted(tx, event);
    case "charge.refunded":
      return (tx) => chargeRefunded(tx, event);
    case "charge.dispute.created":
    case "charge.dispute.closed":
      return (tx) => disputeChanged(tx, event.data.object);
    default:
      return null;
  }
}

/**
 * Handles a verified event exactly once by its id: the id is written in the same transaction as the
 * event's effects, so a redelivery, or a twin arriving at the same moment, finds it and does nothing,
 * and a handling that fails leaves no id behind for Stripe's retry to trip over.
 */
export async function handleStripeEvent(event: Stripe.Event): Promise<"handled" | "already_handled" | "ignored"> {
  const handler = handlerOf(event);
  if (!handler) return "ignored";
  return retriedWhileRaced(
    () =>
      db.transaction(async (tx) => {
        const [first] = await tx
          .insert(stripeEvents)
          .values({ id: event.id, type: event.type })
          .onConflictDoNothing()
          .returning({ id: stripeEvents.id });
        if (!first) return "already_handled";
        await handler(tx);
        return "handled";
      }),
    attemptsWhileRaced,
  );
}

/**
 * POST /api/webhooks/stripe: the raw body is verified against the `Stripe-Signature` header before
 * anything in it is believed. Stripe retries anything but a 2xx, so a failure to handle an event is
 * left to throw (a 500) and the event comes again.
 */
export async function receiveStripeWebhook(request: Request): Promise<StripeWebhookAnswer> {
  const stripe = config().stripe;
  if (!stripe) return { status: 404, message: "Stripe is not connected to this server." };
  const body = await readLimited(request, maxEventBytes);
  if (!body) return { status: 413, message: "The body is too large to be a Stripe event." };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(body, request.headers.get("stripe-signature") ?? "", stripe.webhookSecret);
  } catch {
    return { status: 400, message: "The Stripe-Signature header does not match the body." };
  }
  const outcome = await handleStripeEvent(event);
  return { status: 200, message: outcome === "already_handled" ? "Already handled." : "Received." };
}
