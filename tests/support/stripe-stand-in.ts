import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type StripeCall = {
  method: string;
  path: string;
  idempotencyKey: string | null;
  authorization: string | null;
  /** The form-encoded body as Stripe's client sends it, keys such as `metadata[product]` kept whole. */
  params: Record<string, string>;
};

export type StandInReply = { status: number; body: unknown };

function randomId(prefix: string) {
  return `${prefix}_test_${randomBytes(8).toString("hex")}`;
}

/** What Stripe answers to a call it accepts: just enough of the object for our adapter. */
function created(call: StripeCall): StandInReply {
  if (call.path === "/v1/checkout/sessions") {
    const id = randomId("cs");
    return { status: 200, body: { id, object: "checkout.session", url: `https://checkout.stripe.test/c/pay/${id}` } };
  }
  if (call.path === "/v1/refunds") {
    return {
      status: 200,
      body: {
        id: randomId("re"),
        object: "refund",
        status: "succeeded",
        amount: Number(call.params.amount),
        payment_intent: call.params.payment_intent ?? null,
        charge: call.params.charge ?? null,
      },
    };
  }
  return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL.` } } };
}

/**
 * Stripe's API on 127.0.0.1, for the `stripe` package pointed at it with host, port and protocol "http".
 * It records every call and keeps Stripe's promise about idempotency keys: a key seen before gets the
 * first answer again and makes nothing new. `fail(n)` answers the next n calls with a 500.
 */
export async function stripeStandIn() {
  const calls: StripeCall[] = [];
  const answered = new Map<string, StandInReply>();
  let failures = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
    const header = (name: string) => {
      const value = incoming.headers[name];
      return typeof value === "string" ? value : null;
    };
    const call: StripeCall = {
      method: incoming.method ?? "",
      path: new URL(incoming.url ?? "/", "http://stand-in").pathname,
      idempotencyKey: header("idempotency-key"),
      authorization: header("authorization"),
      params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
    };
    calls.push(call);
    let reply: StandInReply;
    if (failures > 0) {
      failures -= 1;
      reply = { status: 500, body: { error: { type: "api_error", message: "Something went wrong on Stripe's end." } } };
    } else {
      const key = call.idempotencyKey && `${call.path} ${call.idempotencyKey}`;
      reply = (key && answered.get(key)) || created(call);
      if (key && reply.status === 200) answered.set(key, reply);
    }
    outgoing.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    calls,
    /** The calls to one path, such as "/v1/refunds". */
    callsTo: (path: string) => calls.filter((call) => call.path === path),
    fail(times: number) {
      failures = times;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StripeStandIn = Awaited<ReturnType<typeof stripeStandIn>>;
