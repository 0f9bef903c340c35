import { asc, sql } from "drizzle-orm";
import { beforeAll } from "vitest";
import { db } from "@/db/client";
import {
  apiKeys,
  auditEvents,
  customers,
  disputes,
  generations,
  jobRequests,
  ledgerAccounts,
  purchases,
  refundRequests,
  transfers,
  webhookEndpoints,
} from "@/db/schema";
import { createApiKey } from "@/lib/api/api-keys";
import type { Balance } from "@/lib/ledger/accounts";

export type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

export type Call = {
  params?: Record<string, string>;
  /** Sent as the URL's search parameters. */
  query?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent exactly as given, for bodies that are not JSON or that break off. */
  raw?: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** The whole Authorization header; null leaves it out. Defaults to a valid key. */
  authorization?: string | null;
};

type Shown = Record<string, unknown>;

export type Reply = {
  status: number;
  body: {
    error?: { code: string; message: string; field?: string; requestId?: string };
    customer?: Shown;
    generation?: Shown;
    balance?: Balance;
  };
};

/**
 * Calls route handlers the way Next does, with a key this test file creates for itself: `call` reads
 * the status and the JSON body, `call.respond` gives the whole Response (for its headers).
 */
export function hostApi() {
  let key = "";
  beforeAll(async () => {
    key = (await createApiKey("integration tests")).key;
  });

  function respond(handler: Handler, options: Call = {}): Promise<Response> {
    const { params = {}, query = {}, body, raw, headers = {}, authorization = `Bearer ${key}` } = options;
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const request = new Request(`http://makegood.test/api/v1?${new URLSearchParams(query)}`, {
      method: payload === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", ...(authorization === null ? {} : { authorization }), ...headers },
      body: payload,
      // Node's fetch asks for it whenever the body is a stream.
      duplex: "half",
    } as RequestInit);
    return handler(request, { params: Promise.resolve(params) });
  }

  async function call(handler: Handler, options: Call = {}): Promise<Reply> {
    const response = await respond(handler, options);
    return { status: response.status, body: await response.json() };
  }

  return Object.assign(call, { respond });
}

/** Every row a host call can write or change, to show that a refused call changed nothing. */
export async function recordedState() {
  return {
    customers: await db.select().from(customers).orderBy(asc(customers.id)),
    generations: await db.select().from(generations).orderBy(asc(generations.id)),
    accounts: await db.select().from(ledgerAccounts).orderBy(asc(ledgerAccounts.id)),
    transfers: await db.select().from(transfers).orderBy(asc(transfers.id)),
    apiKeys: await db.select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt }).from(apiKeys).orderBy(asc(apiKeys.id)),
    purchases: await db.select().from(purchases).orderBy(asc(purchases.id)),
    refundRequests: await db.select().from(refundRequests).orderBy(asc(refundRequests.id)),
    disputes: await db.select().from(disputes).orderBy(asc(disputes.id)),
    webhookEndpoints: await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)),
    auditEvents: await db.select().from(auditEvents).orderBy(asc(auditEvents.id)),
    jobs: await db.execute(sql`select * from graphile_worker.jobs order by id`),
    jobRequests: await db.select().from(jobRequests).orderBy(asc(jobRequests.id)),
  };
}
