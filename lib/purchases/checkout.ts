import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { customers } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { productOnSale } from "./catalog";
import { paymentProvider } from "./provider";

/**
 * Where to send a customer to pay for a product: the provider's checkout for a purchase whose id is
 * chosen now, so that the provider's report of the payment names it. `origin` is this app's, for the
 * URLs the provider sends the customer back to.
 */
export async function startCheckout(customerId: string, productKey: string, origin: string): Promise<{ url: string }> {
  const product = await productOnSale(productKey, "product");
  const [customer] = await db
    .select({ id: customers.id, email: customers.email })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw notFound("customer", customerId);
  const purchaseId = `pur_${randomUUID().replaceAll("-", "")}`;
  return paymentProvider().createCheckout({
    purchaseId,
    customer,
    product,
    successUrl: `${origin}/purchases?purchase=${purchaseId}`,
    cancelUrl: `${origin}/purchases`,
  });
}
