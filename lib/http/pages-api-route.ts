import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HostAnswer, HostRequest, Route } from "./host-call";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof methods)[number];

/** Next.js sets `query` on a Pages Router API request: the path's dynamic segments over the search parameters. */
type PagesApiRequest = IncomingMessage & { query?: Partial<Record<string, string | string[]>> };

/**
 * Reads the body as it arrives. Past the limit it stops keeping it and lets Node's server discard the
 * rest, so the refusal still reaches the caller on a connection that stays usable.
 */
function bodyOf(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers["content-length"]) > maxBytes) {
    request.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (settled: () => void) => {
      request.off("data", onData).off("end", onEnd).off("error", onBroken).off("close", onBroken);
      settled();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
      else settle(() => resolve(null));
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onBroken = () => settle(() => reject(new Error("The caller hung up before the body was complete.")));
    request.on("data", onData).once("end", onEnd).once("error", onBroken).once("close", onBroken);
  });
}

function hostRequest(request: PagesApiRequest): HostRequest {
  const url = request.url ?? "/";
  const search = url.indexOf("?");
  return {
    header(name) {
      const value = request.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    params: request.query ?? {},
    get searchParams() {
      return new URLSearchParams(search === -1 ? "" : url.slice(search + 1));
    },
    body: (maxBytes) => bodyOf(request, maxBytes),
  };
}

function send(answer: HostAnswer, to: ServerResponse): void {
  if (answer.json === undefined) {
    to.writeHead(answer.status, answer.headers).end();
    return;
  }
  const text = JSON.stringify(answer.json);
  to.writeHead(answer.status, {
    ...answer.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  }).end(text);
}

/**
 * Serves routes from a Pages Router API route (`pages/api/…/index.ts`, which must also export
 * `config = { api: { bodyParser: false } }` so that the route reads the body itself), straight from Node's
 * request and response. The host API is served this way because Next.js's App Router costs about twice
 * the CPU per call of its Pages Router before a handler runs (see README → Benchmark). HEAD is answered
 * by GET without a body, OPTIONS lists the methods, and any other method is a 405 that lists them too,
 * as the App Router does.
 */
export function pagesApiRoute(routes: Partial<Record<Method, Route>>) {
  const allowed = methods.filter((method) => routes[method]);
  const allow = [...allowed, ...(routes.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  return async (request: PagesApiRequest, response: ServerResponse): Promise<void> => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (method === "OPTIONS") {
      response.writeHead(204, { allow }).end();
      return;
    }
    const route = routes[method as Method];
    if (!route) {
      response.writeHead(405, { allow }).end();
      return;
    }
    send(await route.answer(hostRequest(request)), response);
  };
}
