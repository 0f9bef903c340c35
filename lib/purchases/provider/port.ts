import "server-only";
import type { PaymentProvider as ProviderName } from "@/db/enums";
import type { Product } from "@/db/schema";

/** A customer about to pay: the checkout names them to the provider and back to us. */
export type CheckoutRequest = {
  /** Chosen before the customer pays, so that the provider's report of the payment names the purchase. */
  purchaseId: string;
  customer: { id: string; email: string };
  product: Pick<Product, "key" | "name" | "amount" | "currency" | "credits">;
  /** Absolute URLs the provider sends the customer back to. */
  successUrl: string;
  cancelUrl: string;
};

export type RefundCall = {
  /** Our provider_refunds row: the provider's idempotency key, so that a repeated call refunds once. */
  providerRefundId: string;
  /** The provider's reference of the payment to refund. */
  paymentRef: string;
  /** In minor units. */
  amount: number;
  currency: string;
  reason: "duplicate" | "requested_by_customer";
};

/**
 * Where money is taken and given back. Each call reaches outside: it is never made inside a database
 * transaction, and a payment it leads to reaches us through `recordPurchase`, whichever the provider.
 */
export interface PaymentProvider {
  readonly name: Exclude<ProviderName, "host">;
  /** Where to send the customer to pay. */
  createCheckout(request: CheckoutRequest): Promise<{ url: string }>;
  refund(call: RefundCall): Promise<{ refundId: string }>;
}
