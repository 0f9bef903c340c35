import "server-only";
import { and, asc, desc, eq, gte, lte, ne } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { PaymentProvider } from "@/db/enums";
import {
  ledgerAccounts,
  products,
  providerRefunds,
  purchases,
  refundRequests,
  type ProviderRefund,
  type Purchase,
  type RefundRequest,
} from "@/db/schema";
import { serializePurchase } from "@/lib/api/serializers";
import { DomainError, notFound, unknownProduct } from "@/lib/errors";
import { customerBalance, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";
import { policyInForce } from "@/lib/policy/versions";
import { oneRow } from "@/lib/sql/one-row";
import { emitWebhookEvent } from "@/lib/webhooks/emit";

/** A payment reported by a provider's checkout, a Stripe webhook or a host's own billing. */
export type PurchaseInput = {
  id: string;
  customerId: string;
  /** A product key from the catalog. */
  product: string;
  /** What was charged, in minor units. */
  amount: number;
  currency: string;
  purchasedAt?: Date;
  paymentRef?: string;
  renewal?: boolean;
  cancelRequestedAt?: Date;
  provider: PaymentProvider;
};

export type PurchaseResult = { purchase: Purchase; balance: Balance; replayed: boolean };

function mismatch(what: string): DomainError {
  return new DomainError(
    "idempotency.mismatch",
    `${what} was already recorded with different details; use a new id for a new purchase.`,
  );
}

const sameTime = (stored: Date | null, given: Date | undefined) =>
  (stored?.getTime() ?? null) === (given?.getTime() ?? null);

/** The payment itself; the id is compared by the caller, since a payment may come back under another. */
function samePayment(existing: Purchase, input: PurchaseInput): boolean {
  return (
    existing.customerId === input.customerId &&
    existing.productKey === input.product &&
    existing.amount === input.amount &&
    existing.currency === input.currency &&
    existing.provider === input.provider &&
    existing.paymentRef === (input.paymentRef ?? null) &&
    existing.renewal === (input.renewal ?? false) &&
    sameTime(existing.cancelRequestedAt, input.cancelRequestedAt) &&
    (input.purchasedAt === undefined || existing.purchasedAt.getTime() === input.purchasedAt.getTime())
  );
}

/** The purchase this payment was already recorded as, by its id or by the provider's own reference. */
async function recorded(tx: Executor, input: PurchaseInput): Promise<Purchase | null> {
  const [byId] = await tx.select().from(purchases).where(eq(purchases.id, input.id));
  if (byId) {
    if (!samePayment(byId, input)) throw mismatch(`Purchase ${input.id}`);
    return byId;
  }
  if (input.paymentRef === undefined) return null;
  const [byRef] = await tx
    .select()
    .from(purchases)
    .where(and(eq(purchases.provider, input.provider), eq(purchases.paymentRef, input.paymentRef)));
  if (byRef && !samePayment(byRef, input)) throw mismatch(`Payment ${input.paymentRef}`);
  return byRef ?? null;
}

/**
 * The first purchase this one may repeat: the same customer, product and amount, paid within the
 * window before it. One refunded in full no longer charged anything, so it is not counted.
 */
async function possibleOriginal(tx: Executor, input: PurchaseInput, at: Date): Promise<string | null> {
  const windowMs = (await policyInForce(tx)).purchaseRules.duplicateWindowHours * 3_600_000;
  const [original] = await tx
    .select({ id: purchases.id })
    .from(purchases)
    .where(
      and(
        eq(purchases.customerId, input.customerId),
        eq(purchases.productKey, input.product),
        eq(purchases.amount, input.amount),
        eq(purchases.currency, input.currency),
        ne(purchases.status, "refunded"),
        gte(purchases.purchasedAt, new Date(at.getTime() - windowMs)),
        lte(purchases.purchasedAt, at),
      ),
    )
    .orderBy(asc(purchases.purchasedAt), asc(purchases.id))
    .limit(1);
  return original?.id ?? null;
}

/**
 * Records a payment and grants its product's credits as one `purchase` transfer, in one transaction
 * with the `purchase.created` webhook event. The same payment again, by purchase id or by the
 * provider's reference, is a retry that returns the first purchase. A product later taken off sale is
 * still granted: the money was taken. A frozen customer is not refused either, for the same reason.
 */
export function recordPurchase(input: PurchaseInput, executor: Executor = db): Promise<PurchaseResult> {
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const existing = await recorded(tx, input);
      if (existing) {
        return { purchase: existing, balance: await customerBalance(tx, existing.customerId), replayed: true };
      }
      const [product] = await tx.select().from(products).where(eq(products.key, input.product));
      if (!product) throw unknownProduct(input.product, "product");
      // The account's lock orders this customer's purchases, so that of two at once the second sees the first.
      const [account] = await tx
        .select({ id: ledgerAccounts.id })
        .from(ledgerAccounts)
        .where(eq(ledgerAccounts.customerId, input.customerId))
        .for("update");
      if (!account) throw notFound("customer", input.customerId);
      const purchasedAt = input.purchasedAt ?? new Date();
      const inserted = await tx
        .insert(purchases)
        .values({
          id: input.id,
          customerId: input.customerId,
          productKey: product.key,
          kind: product.kind,
          amount: input.amount,
          currency: input.currency,
          credits: product.credits,
          provider: input.provider,
          paymentRef: input.paymentRef ?? null,
          purchasedAt,
          renewal: input.renewal ?? false,
          cancelRequestedAt: input.cancelRequestedAt ?? null,
          duplicateOf: await possibleOriginal(tx, input, purchasedAt),
        })
        .returning();
      const purchase = oneRow(inserted, "recorded purchase");
      const { balance } = await recordTransfer(tx, {
        kind: "purchase",
        idempotencyKey: `purchase:${purchase.id}`,
        customerId: purchase.customerId,
        amount: purchase.credits,
        purchaseId: purchase.id,
      });
      await emitWebhookEvent(tx, "purchase.created", { purchase: serializePurchase(purchase) });
      return { purchase, balance, replayed: false };
    }),
  );
}

export async function purchaseById(id: string, executor: Executor = db): Promise<Purchase> {
  const [purchase] = await executor.select().from(purchases).where(eq(purchases.id, id));
  if (!purchase) throw notFound("purchase", id);
  return purchase;
}

/** A purchase as its customer sees it: the product's name, and the refund asked for, if any. */
export type OwnPurchase = Purchase & {
  productName: string;
  refundRequest: Pick<
    RefundRequest,
    "id" | "status" | "purchaseReason" | "decisionMessage" | "creditsReversed" | "moneyRefunded" | "createdAt"
  > | null;
  /** The money going back through the provider, once a refund is approved. */
  moneyRefund: Pick<ProviderRefund, "status" | "amount" | "settledAt"> | null;
};

/** A customer's purchases, newest first, each with its refund request and the money refund it led to. */
export async function purchasesOf(customerId: string, executor: Executor = db): Promise<OwnPurchase[]> {
  const rows = await executor
    .select({
      purchase: purchases,
      productName: products.name,
      refundRequest: {
        id: refundRequests.id,
        status: refundRequests.status,
        purchaseReason: refundRequests.purchaseReason,
        decisionMessage: refundRequests.decisionMessage,
        creditsReversed: refundRequests.creditsReversed,
        moneyRefunded: refundRequests.moneyRefunded,
        createdAt: refundRequests.createdAt,
      },
      moneyRefund: {
        status: providerRefunds.status,
        amount: providerRefunds.amount,
        settledAt: providerRefunds.settledAt,
      },
    })
    .from(purchases)
    .innerJoin(products, eq(products.key, purchases.productKey))
    .leftJoin(refundRequests, eq(refundRequests.purchaseId, purchases.id))
    .leftJoin(providerRefunds, eq(providerRefunds.refundRequestId, refundRequests.id))
    .where(eq(purchases.customerId, customerId))
    .orderBy(desc(purchases.purchasedAt), desc(purchases.id));
  return rows.map((row) => ({
    ...row.purchase,
    productName: row.productName,
    refundRequest: row.refundRequest,
    moneyRefund: row.moneyRefund,
  }));
}
