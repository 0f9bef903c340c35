import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof methods)[number];

/** What an App Router route file exports per method, and what tests call directly. */
export type WebHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response> | Response;

/** Next.js sets `query` on a Pages Router API request: the path's dynamic segments over the search parameters. */
type PagesApiRequest = IncomingMessage & { query?: Partial<Record<string, string | string[]>> };

/**
 * The request's body as a web stream that reads only as fast as it is consumed. Cancelling it, as a
 * refusal of a body that is too long does, stops reading without closing the connection, so the
 * refusal still reaches the caller; Node's server discards the rest.
 */
function bodyOf(request: IncomingMessage): ReadableStream<Uint8Array> {
  let stopListening = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onData = (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) request.pause();
      };
      const onEnd = () => controller.close();
      const onError = (error: Error) => controller.error(error);
      request.on("data", onData).once("end", onEnd).once("error", onError).pause();
      stopListening = () => request.off("data", onData).off("end", onEnd).off("error", onError);
    },
    pull() {
      request.resume();
    },
    cancel() {
      stopListening();
      request.resume();
    },
  });
}

function webRequest(request: PagesApiRequest): Request {
  const headers = new Headers();
  for (let i = 0; i < request.rawHeaders.length; i += 2)
    headers.append(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
  const method = request.method ?? "GET";
  const withBody = method !== "GET" && method !== "HEAD";
  // The handlers read the path and the search parameters; the origin is not the caller's to choose.
  return new Request(new URL(request.url ?? "/", "http://localhost"), {
    method,
    headers,
    ...(withBody ? { body: bodyOf(request), duplex: "half" } : {}),
  } as RequestInit);
}

async function send(response: Response, to: ServerResponse): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  to.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") to.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) to.setHeader("set-cookie", cookies);
  to.end(body);
}

/**
 * Serves App Router-style handlers from a Pages Router API route (`pages/api/…/index.ts`, which must also
 * export `config = { api: { bodyParser: false } }` so that the handler reads the body itself). The host
 * API is served this way because Next.js's App Router costs about twice the CPU per call of its Pages
 * Router before a handler runs (see README → Benchmark). HEAD is answered by GET without a body, OPTIONS
 * lists the methods, and any other method is a 405 that lists them too, as the App Router does.
 */
export function pagesApiRoute(handlers: Partial<Record<Method, WebHandler>>) {
  const allowed = methods.filter((method) => handlers[method]);
  const allow = [...allowed, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  return async (request: PagesApiRequest, response: ServerResponse): Promise<void> => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (method === "OPTIONS") {
      response.writeHead(204, { allow }).end();
      return;
    }
    const handler = handlers[method as Method];
    if (!handler) {
      response.writeHead(405, { allow }).end();
      return;
    }
    await send(await handler(webRequest(request), { params: Promise.resolve(request.query ?? {}) }), response);
  };
}
