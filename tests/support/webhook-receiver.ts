import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Delivered = { id: string; timestamp: string; signature: string; body: string };
export type Reply = { status: number; body?: string };

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return typeof value === "string" ? value : "";
}

/**
 * A host's webhook receiver on 127.0.0.1: it records every request and answers as told (204 by
 * default). `events(secret)` verifies each request with the reference Standard Webhooks library.
 */
export async function webhookReceiver() {
  const requests: Delivered[] = [];
  let reply: (request: Delivered) => Reply = () => ({ status: 204 });
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
    const request = {
      id: header(incoming.headers, "webhook-id"),
      timestamp: header(incoming.headers, "webhook-timestamp"),
      signature: header(incoming.headers, "webhook-signature"),
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(request);
    const { status, body } = reply(request);
    outgoing.writeHead(status, { "content-type": "text/plain" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    /** How the next requests are answered. */
    answer(next: Reply | ((request: Delivered) => Reply)) {
      reply = typeof next === "function" ? next : () => next;
    },
    /** Every request, verified with `secret` (it throws on a bad signature), as `{ type, timestamp, data }` with its id. */
    events(secret: string) {
      const webhook = new Webhook(secret);
      return requests.map((request) => ({
        id: request.id,
        ...(webhook.verify(request.body, {
          "webhook-id": request.id,
          "webhook-timestamp": request.timestamp,
          "webhook-signature": request.signature,
        }) as { type: string; timestamp: string; data: Record<string, unknown> }),
      }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof webhookReceiver>>;
