import { receiveStripeWebhook } from "@/lib/purchases/stripe-events";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const { status, message } = await receiveStripeWebhook(request);
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
