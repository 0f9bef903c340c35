import "server-only";
import { and, asc, desc, eq, gte, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "@/db/client";
import { customers, disputes, features, generations, products, purchases, refundRequests, users } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { customerBalance } from "@/lib/ledger/accounts";

/** How many ended disputes the list shows below the open ones. */
export const endedShown = 50;
/** The evidence page shows this many of the generations delivered since the purchase, newest first. */
export const deliveredShown = 60;

const listed = {
  id: disputes.id,
  status: disputes.status,
  reason: disputes.reason,
  heldCredits: disputes.heldCredits,
  finding: disputes.finding,
  openedAt: disputes.openedAt,
  closedAt: disputes.closedAt,
  customerId: customers.id,
  customerEmail: customers.email,
  purchaseId: purchases.id,
  productName: products.name,
  amount: purchases.amount,
  currency: purchases.currency,
  credits: purchases.credits,
};

function disputeList() {
  return db
    .select(listed)
    .from(disputes)
    .innerJoin(customers, eq(customers.id, disputes.customerId))
    .innerJoin(purchases, eq(purchases.id, disputes.purchaseId))
    .innerJoin(products, eq(products.key, purchases.productKey));
}

/** Open disputes, the longest waiting first; then the latest ended ones with their outcome. */
export async function disputesForReview() {
  const [open, ended] = await Promise.all([
    disputeList().where(eq(disputes.status, "open")).orderBy(asc(disputes.openedAt), asc(disputes.id)),
    disputeList()
      .where(ne(disputes.status, "open"))
      .orderBy(desc(disputes.closedAt), desc(disputes.id))
      .limit(endedShown),
  ]);
  return { open, ended };
}

export type ListedDispute = Awaited<ReturnType<typeof disputesForReview>>["open"][number];

const finder = alias(users, "finder");

/**
 * What an admin weighs before finding a dispute fraudulent or legitimate: the purchase, what the
 * customer received after paying (generations delivered, with their outputs, and which were
 * downloaded), and what they had already been given back.
 */
export async function disputeEvidence(id: string) {
  const [found] = await db
    .select({
      dispute: disputes,
      customer: customers,
      purchase: purchases,
      productName: products.name,
      foundBy: finder.name,
    })
    .from(disputes)
    .innerJoin(customers, eq(customers.id, disputes.customerId))
    .innerJoin(purchases, eq(purchases.id, disputes.purchaseId))
    .innerJoin(products, eq(products.key, purchases.productKey))
    .leftJoin(finder, eq(finder.id, disputes.foundBy))
    .where(eq(disputes.id, id));
  if (!found) throw notFound("dispute", id);
  const { customer, purchase } = found;
  const [balance, delivered, requests] = await Promise.all([
    customerBalance(db, customer.id),
    db
      .select({
        id: generations.id,
        featureName: features.name,
        cost: generations.cost,
        outputUrl: generations.outputUrl,
        createdAt: generations.createdAt,
        downloadedAt: generations.downloadedAt,
      })
      .from(generations)
      .innerJoin(features, eq(features.key, generations.featureKey))
      .where(
        and(
          eq(generations.customerId, customer.id),
          eq(generations.status, "succeeded"),
          gte(generations.createdAt, purchase.purchasedAt),
        ),
      )
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(deliveredShown),
    db
      .select({
        id: refundRequests.id,
        kind: refundRequests.kind,
        status: refundRequests.status,
        decisionCode: refundRequests.decisionCode,
        creditsRefunded: refundRequests.creditsRefunded,
        creditsReversed: refundRequests.creditsReversed,
        moneyRefunded: refundRequests.moneyRefunded,
        purchaseId: refundRequests.purchaseId,
        currency: purchases.currency,
        createdAt: refundRequests.createdAt,
      })
      .from(refundRequests)
      .leftJoin(purchases, eq(purchases.id, refundRequests.purchaseId))
      .where(eq(refundRequests.customerId, customer.id))
      .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id)),
  ]);
  return { ...found, balance, delivered, requests };
}

export type DisputeEvidence = Awaited<ReturnType<typeof disputeEvidence>>;
