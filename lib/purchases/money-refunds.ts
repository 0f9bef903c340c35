import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { providerRefunds, purchases, type ProviderRefund } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { paymentProvider } from "./provider";

/**
 * The wait after each failed attempt; the attempt after the last wait is the last one. The whole
 * schedule, about 7 hours, stays within the 24 hours Stripe keeps an idempotency key.
 */
export const retryDelaysMinutes = [1, 10, 60, 360] as const;

type Claimed = {
  attempts: number;
  provider: ProviderRefund["provider"];
  amount: number;
  currency: string;
  reason: string;
  paymentRef: string | null;
};

/** Counts the attempt before making it, so that one cut short by a killed worker still counts. */
async function claim(id: string): Promise<Claimed | undefined> {
  const [claimed] = await db
    .update(providerRefunds)
    .set({ attempts: sql`${providerRefunds.attempts} + 1` })
    .from(purchases)
    .where(
      and(
        eq(providerRefunds.id, id),
        eq(providerRefunds.status, "pending"),
        eq(purchases.id, providerRefunds.purchaseId),
      ),
    )
    .returning({
      attempts: providerRefunds.attempts,
      provider: providerRefunds.provider,
      amount: providerRefunds.amount,
      currency: providerRefunds.currency,
      reason: providerRefunds.reason,
      paymentRef: purchases.paymentRef,
    });
  return claimed;
}

function sentenceOf(error: unknown): string {
  const message = error instanceof Error ? error.message.split("\n")[0]?.trim() : undefined;
  return message
    ? `The payment provider did not refund it: ${message.slice(0, 300)}`
    : "The payment provider did not refund it, and gave no reason.";
}

type Outcome = { refundId: string | null } | { failure: string };

async function outcomeOf(id: string, claimed: Claimed): Promise<Outcome> {
  // The host's own billing took the money and gives it back itself, told by the purchase.refunded
  // webhook event; there is no provider of ours to call.
  if (claimed.provider === "host") return { refundId: null };
  const provider = paymentProvider();
  if (provider.name !== claimed.provider) {
    return { failure: `The purchase was paid through ${claimed.provider}, which this server is not connected to.` };
  }
  if (!claimed.paymentRef) return { failure: "The purchase has no payment reference to refund." };
  try {
    const { refundId } = await provider.refund({
      providerRefundId: id,
      paymentRef: claimed.paymentRef,
      amount: claimed.amount,
      currency: claimed.currency,
      reason: claimed.reason === "duplicate" ? "duplicate" : "requested_by_customer",
    });
    return { refundId };
  } catch (error) {
    return { failure: sentenceOf(error) };
  }
}

/**
 * The "payment.refund" job: gives the money of one approved purchase refund back through the provider
 * that took it. The call is made outside any transaction, with the row's id as its idempotency key, so
 * a repeated attempt (a retry, or a worker killed after the call) refunds once. The answer is recorded
 * only for the attempt this run claimed; a failure is tried again later, and after the last attempt
 * the refund is marked failed for staff to take up.
 */
export async function refundMoney(providerRefundId: string): Promise<void> {
  const claimed = await claim(providerRefundId);
  if (!claimed) return;
  const outcome = await outcomeOf(providerRefundId, claimed);
  const thisAttempt = and(
    eq(providerRefunds.id, providerRefundId),
    eq(providerRefunds.status, "pending"),
    eq(providerRefunds.attempts, claimed.attempts),
  );
  if (!("failure" in outcome)) {
    await db
      .update(providerRefunds)
      .set({ status: "succeeded", providerRefundId: outcome.refundId, settledAt: new Date(), lastError: null })
      .where(thisAttempt);
    return;
  }
  const delay = retryDelaysMinutes[claimed.attempts - 1];
  if (delay === undefined) {
    await db
      .update(providerRefunds)
      .set({ status: "failed", lastError: outcome.failure, settledAt: new Date() })
      .where(thisAttempt);
    return;
  }
  await db.transaction(async (tx) => {
    const recorded = await tx
      .update(providerRefunds)
      .set({ lastError: outcome.failure })
      .where(thisAttempt)
      .returning({ id: providerRefunds.id });
    if (recorded.length === 0) return;
    await enqueueJob(tx, "payment.refund", { providerRefundId }, { runAt: new Date(Date.now() + delay * 60_000) });
  });
}
