import "server-only";
import { config } from "@/lib/config";
import { demoProvider } from "./demo";
import type { PaymentProvider } from "./port";
import { stripeProvider } from "./stripe";

export type { CheckoutRequest, PaymentProvider, RefundCall } from "./port";

/** Stripe when both of its variables are set; otherwise the demo provider, which charges nothing. */
export function paymentProvider(): PaymentProvider {
  return config().stripe ? stripeProvider() : demoProvider();
}
