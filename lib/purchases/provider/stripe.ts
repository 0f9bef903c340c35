import "server-only";
import Stripe from "stripe";
import { config } from "@/lib/config";
import type { CheckoutRequest, PaymentProvider, RefundCall } from "./port";

let client: Stripe | undefined;

function stripeClient(): Stripe {
  const settings = config().stripe;
  if (!settings) throw new Error("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not set.");
  client ??= new Stripe(settings.secretKey, {
    ...settings.api,
    // A refund that fails is tried again by its job on a schedule of minutes to hours, and a checkout
    // has a customer waiting to be told; neither gains from the client's own quick second try.
    maxNetworkRetries: 0,
    timeout: 20_000,
    telemetry: false,
  });
  return client;
}

/**
 * Stripe Checkout for payments, refunds through its API. The purchase's terms travel in the session's
 * metadata and come back in `checkout.session.completed`, which records the purchase.
 */
export function stripeProvider(): PaymentProvider {
  return {
    name: "stripe",
    async createCheckout({ purchaseId, customer, product, successUrl, cancelUrl }: CheckoutRequest) {
      const session = await stripeClient().checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: product.currency.toLowerCase(),
              unit_amount: product.amount,
              product_data: { name: product.name, description: `${product.credits} credits` },
            },
          },
        ],
        customer_email: customer.email,
        client_reference_id: purchaseId,
        metadata: { customerId: customer.id, product: product.key, purchaseId },
        success_url: successUrl,
        cancel_url: cancelUrl,
      });
      if (!session.url) throw new Error("Stripe made a checkout session without a URL to send the customer to.");
      return { url: session.url };
    },
    async refund({ providerRefundId, paymentRef, amount, reason }: RefundCall) {
      // Checkout payments are PaymentIntents; a reference to a bare charge is refunded as one.
      const payment = paymentRef.startsWith("ch_") ? { charge: paymentRef } : { payment_intent: paymentRef };
      const refund = await stripeClient().refunds.create(
        { ...payment, amount, reason, metadata: { providerRefundId } },
        { idempotencyKey: providerRefundId },
      );
      return { refundId: refund.id };
    },
  };
}
