import "server-only";
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { config } from "@/lib/config";

export type OutboundAnswer = { status: number; headers: Headers; body: Buffer; truncated: boolean };

export type OutboundInit = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
};

/**
 * Why a request to an outside address did not get an answer, as a sentence staff can read. It never
 * carries the network's own error text nor a resolved address: what staff see of a refused fetch
 * must not help anyone map the servers it can reach.
 */
export class OutboundFailure extends Error {
  constructor(readonly sentence: string) {
    super(sentence);
    this.name = "OutboundFailure";
  }
}

export const privateAddressSentence = "The address is on a private network, which is not allowed.";
const maxRedirects = 5;

/** Which addresses and ports a request may reach; tests build their own to reach a local server. */
export type OutboundGuard = { anyPort: boolean; allowsAddress: (address: ipaddr.IPv4 | ipaddr.IPv6) => boolean };

const ipv4Compatible = ipaddr.parseCIDR("::/96");

/**
 * Only ordinary public unicast: no private, loopback, link-local (cloud metadata at 169.254.169.254),
 * unique-local (fd00:ec2::254), carrier-grade NAT, multicast, unspecified or reserved address, nor an
 * IPv6 form that carries an IPv4 address inside it (mapped ones are unwrapped and judged as IPv4).
 */
export function isPublicAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === "ipv6" && address.match(ipv4Compatible)) return false;
  return address.range() === "unicast";
}

export function outboundGuard(allowPrivate: boolean): OutboundGuard {
  return allowPrivate
    ? { anyPort: true, allowsAddress: () => true }
    : { anyPort: false, allowsAddress: isPublicAddress };
}

function configuredGuard(): OutboundGuard {
  return outboundGuard(config().allowPrivateUrls);
}

function parsedUrl(url: string, base?: URL): URL {
  try {
    return new URL(url, base);
  } catch {
    throw new OutboundFailure("The address is not a valid URL.");
  }
}

/** Resolves the host and returns the one address to connect to, once every address it has passed the guard. */
async function checkedAddress(url: URL, guard: OutboundGuard): Promise<LookupAddress> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundFailure("Only http and https addresses are allowed.");
  }
  if (!guard.anyPort && url.port !== "" && url.port !== "80" && url.port !== "443") {
    throw new OutboundFailure("Only ports 80 and 443 are allowed.");
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await lookup(hostname, { all: true, verbatim: true }).catch(() => []);
  const [first] = addresses;
  if (!first) throw new OutboundFailure("The address could not be found.");
  // Every address, not just the first: a name that also resolves inside the network is refused outright.
  if (!addresses.every(({ address }) => guard.allowsAddress(ipaddr.process(address)))) {
    throw new OutboundFailure(privateAddressSentence);
  }
  return first;
}

/** Null when the address may be used, otherwise the sentence saying why not. */
export async function checkOutboundUrl(url: string, guard = configuredGuard()): Promise<string | null> {
  try {
    await checkedAddress(parsedUrl(url), guard);
    return null;
  } catch (error) {
    if (error instanceof OutboundFailure) return error.sentence;
    throw error;
  }
}

/** Hands the connection the address that was checked, so a second DNS answer cannot send it elsewhere. */
function pinnedTo({ address, family }: LookupAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

const networkSentences: [RegExp, string][] = [
  [/^ECONNREFUSED$/, "The connection was refused."],
  [/^(ENOTFOUND|EAI_AGAIN|ENODATA)$/, "The address could not be found."],
  [/^(EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EADDRNOTAVAIL)$/, "The address could not be reached."],
  [/^(ECONNRESET|EPIPE)$/, "The connection was closed before the answer was complete."],
  [/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_/, "The secure connection failed: the certificate was not accepted."],
  [/^(ERR_SSL_|EPROTO)/, "The secure connection could not be set up."],
  [/^HPE_/, "The answer was not valid HTTP."],
];

function sentenceFor(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? networkSentences.find(([pattern]) => pattern.test(code)) : undefined;
  return known?.[1] ?? "The request could not be completed.";
}

type Hop = { url: URL; method: "GET" | "POST"; headers: Record<string, string>; body: string | undefined };

/** How many origins' kept-alive connections a process holds at most; the least recently used go first. */
const maxPools = 64;
const pools = new Map<string, http.Agent>();

type Client = typeof http | typeof https;

/**
 * The pool of kept-alive connections to one origin at one checked address. Pooling by address too means
 * a connection is only ever handed to a request whose own lookup chose that address; a name that now
 * resolves elsewhere gets a pool, and connections, of its own. Reusing a connection spares a host's CDN
 * or webhook endpoint a new TCP and TLS handshake on every quality check and every delivery.
 */
function poolFor(client: Client, url: URL, address: LookupAddress): http.Agent {
  const key = `${url.protocol}//${url.host} ${address.address}`;
  const pool = pools.get(key);
  if (pool) {
    pools.delete(key);
    pools.set(key, pool);
    return pool;
  }
  const created = new client.Agent({ keepAlive: true, maxSockets: 16, maxFreeSockets: 4, timeout: 30_000 });
  pools.set(key, created);
  for (const [oldest, evicted] of pools) {
    if (pools.size <= maxPools) break;
    pools.delete(oldest);
    // Only its idle connections: one still answering a request goes back to it, and its timeout closes it.
    for (const idle of Object.values(evicted.freeSockets)) for (const socket of idle ?? []) socket.destroy();
  }
  return created;
}

function send(hop: Hop, address: LookupAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const client = hop.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(hop.url, {
      method: hop.method,
      headers: hop.headers,
      lookup: pinnedTo(address),
      agent: poolFor(client, hop.url, address),
      signal,
    });
    request.once("response", resolve);
    request.once("error", reject);
    request.end(hop.body);
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number) {
  // A declared length past the cap is not waited for: the sender may never finish.
  if (Number(response.headers["content-length"]) > maxBytes) {
    response.destroy();
    return { body: Buffer.alloc(0), truncated: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      response.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [name, value] = [raw[i], raw[i + 1]];
    if (name === undefined || value === undefined) continue;
    try {
      headers.append(name, value);
    } catch {
      // A header the Fetch standard cannot hold tells the caller nothing it needs.
    }
  }
  return headers;
}

/** The next hop of a redirect, as a browser would make it; null when the answer is not a redirect. */
function redirected(hop: Hop, response: IncomingMessage): Hop | null {
  const location = response.headers.location;
  if (![301, 302, 303, 307, 308].includes(response.statusCode ?? 0) || !location) return null;
  const url = parsedUrl(location, hop.url);
  const keepsBody = response.statusCode === 307 || response.statusCode === 308 || hop.method === "GET";
  const headers = { ...hop.headers };
  if (!keepsBody) {
    for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
  }
  // Credentials meant for one site are not handed to another.
  if (url.origin !== hop.url.origin) {
    for (const name of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
  }
  return keepsBody ? { ...hop, url, headers } : { url, method: "GET", headers, body: undefined };
}

async function exchange(first: Hop, init: OutboundInit, guard: OutboundGuard, signal: AbortSignal) {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const address = await checkedAddress(hop.url, guard);
    const response = await send(hop, address, signal);
    const next = redirected(hop, response);
    if (!next) {
      const { body, truncated } = await readCapped(response, init.maxBytes);
      return { status: response.statusCode ?? 0, headers: headersOf(response), body, truncated };
    }
    response.destroy();
    if (redirects === maxRedirects) throw new OutboundFailure("Too many redirects.");
    hop = next;
  }
}

/**
 * `outboundFetch` with the guard given rather than the configured one. The address is checked after
 * DNS resolution and the connection pinned to it, at every hop of a redirect; the timeout covers the
 * whole exchange, lookups and redirects included; a body past `maxBytes` is cut (`truncated`).
 */
export async function guardedFetch(url: string, init: OutboundInit, guard: OutboundGuard): Promise<OutboundAnswer> {
  const first: Hop = {
    url: parsedUrl(url),
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    body: init.body,
  };
  const deadline = new AbortController();
  const timedOut = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => {
      deadline.abort();
      reject(new OutboundFailure(`No answer within ${init.timeoutMs / 1000} seconds.`));
    }, init.timeoutMs);
    deadline.signal.addEventListener("abort", () => clearTimeout(timer));
  });
  const answered = exchange(first, init, guard, deadline.signal).catch((error: unknown) => {
    if (error instanceof OutboundFailure) throw error;
    throw new OutboundFailure(sentenceFor(error));
  });
  try {
    // The lookups take no signal, so the deadline races the whole exchange rather than trusting each step.
    return await Promise.race([answered, timedOut]);
  } finally {
    deadline.abort();
    answered.catch(() => {});
    timedOut.catch(() => {});
  }
}

/** Fetches an outside address that a host or an admin gave us; throws an `OutboundFailure` when it gets no answer. */
export function outboundFetch(url: string, init: OutboundInit): Promise<OutboundAnswer> {
  return guardedFetch(url, init, configuredGuard());
}
