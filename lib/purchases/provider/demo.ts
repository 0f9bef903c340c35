import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { products, type Product } from "@/db/schema";
import { config } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { recordPurchase, type PurchaseResult } from "../purchases";
import type { CheckoutRequest, PaymentProvider } from "./port";

/**
 * The provider used when Stripe is not configured. It charges nothing: its checkout is a page of our
 * own whose Pay button records the purchase through the same `recordPurchase` a Stripe payment goes
 * through, and its refunds succeed at once.
 *
 * A checkout session lives in its id, since there is nothing to keep: the id is the session's terms
 * in base64url. Nothing in it needs protecting, because paying costs nothing; it is still checked on
 * the way back, and it only ever sends the customer to a page of this app.
 */

const sessionPrefix = "demo_cs_";

const appPath = z.string().regex(/^\/(?!\/)/);

const sessionSchema = z.object({
  purchaseId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/),
  customerId: z.string().min(1),
  product: z.string().min(1),
  amount: z.int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  successPath: appPath,
  cancelPath: appPath,
});

type DemoSession = z.infer<typeof sessionSchema>;

/** The path and query of one of our own URLs: where the demo checkout sends the customer back to. */
function pathOf(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}

function sessionIdOf(session: DemoSession): string {
  return `${sessionPrefix}${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
}

/** With Stripe connected, a demo checkout would hand out credits for nothing, so none is honoured. */
function sessionOf(sessionId: string): DemoSession | null {
  if (config().stripe || !sessionId.startsWith(sessionPrefix)) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(sessionId.slice(sessionPrefix.length), "base64url").toString());
    const parsed = sessionSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function demoProvider(): PaymentProvider {
  return {
    name: "demo",
    async createCheckout({ purchaseId, customer, product, successUrl, cancelUrl }: CheckoutRequest) {
      const sessionId = sessionIdOf({
        purchaseId,
        customerId: customer.id,
        product: product.key,
        amount: product.amount,
        currency: product.currency,
        successPath: pathOf(successUrl),
        cancelPath: pathOf(cancelUrl),
      });
      return { url: `/purchases/checkout/${sessionId}` };
    },
    async refund({ providerRefundId }) {
      return { refundId: `demo_re_${providerRefundId.replaceAll("-", "")}` };
    },
  };
}

export type DemoCheckout = Omit<DemoSession, "product"> & { product: Product };

/** The session behind a demo checkout page, or null when the id is not one, or is another customer's. */
export async function demoCheckout(sessionId: string, customerId: string): Promise<DemoCheckout | null> {
  const session = sessionOf(sessionId);
  if (!session || session.customerId !== customerId) return null;
  const [product] = await db.select().from(products).where(eq(products.key, session.product));
  return product ? { ...session, product } : null;
}

/**
 * The demo checkout's Pay: records the purchase as Stripe's checkout.session.completed would. Paying
 * twice is a retry of the same payment, so the purchase is recorded and granted once.
 */
export async function payDemoCheckout(
  sessionId: string,
  customerId: string,
): Promise<PurchaseResult & { successPath: string }> {
  const session = sessionOf(sessionId);
  if (!session || session.customerId !== customerId) {
    throw new DomainError("purchase.not_found", "This checkout is not yours, or its link is broken: start again.");
  }
  const result = await recordPurchase({
    id: session.purchaseId,
    customerId,
    product: session.product,
    amount: session.amount,
    currency: session.currency,
    paymentRef: `demo_pay_${session.purchaseId}`,
    provider: "demo",
  });
  return { ...result, successPath: session.successPath };
}
