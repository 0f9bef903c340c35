import { once } from "node:events";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pagesApiRoute, type WebHandler } from "./pages-api-route";
import { readLimited } from "./read-limited";

const limit = 1024;
const seen: { url?: string; method?: string; params?: unknown; contentType?: string | null }[] = [];

const echo: WebHandler = async (request, { params }) => {
  seen.push({ url: request.url, method: request.method, params: await params });
  const bytes = await readLimited(request, limit);
  if (!bytes) return Response.json({ error: "too long" }, { status: 413 });
  const headers = new Headers({ "x-length": String(bytes.length) });
  headers.append("set-cookie", "a=1");
  headers.append("set-cookie", "b=2");
  return new Response(bytes.toString("utf8"), { status: 201, headers });
};

const read: WebHandler = async (request, { params }) => {
  seen.push({ method: request.method, params: await params, contentType: request.headers.get("x-given") });
  return Response.json({ read: true }, { headers: { "x-read": "yes" } });
};

const route = pagesApiRoute({ GET: read, POST: echo });

// Next.js puts the path's dynamic segments in `query` before it calls a Pages Router API route.
const server = http.createServer((request: IncomingMessage & { query?: Record<string, string> }, response) => {
  request.query = { id: "gen_1", extra: "from-search" };
  void route(request, response);
});
let origin = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One call over a real connection; `chunks` go out one write at a time, with no Content-Length. */
function send(method: string, chunks: string[] = [], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}/api/v1/things/gen_1?extra=from-search`, { method, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe("pagesApiRoute", () => {
  it("hands the method's handler a web Request with the body, search and params, and sends its whole Response back", async () => {
    seen.length = 0;
    const answer = await send("POST", ['{"a":', "1}"], { "content-type": "application/json" });
    expect(answer).toMatchObject({ status: 201, body: '{"a":1}' });
    expect(answer.headers).toMatchObject({ "x-length": "7", "set-cookie": ["a=1", "b=2"], "content-length": "7" });
    expect(seen).toEqual([
      {
        url: "http://localhost/api/v1/things/gen_1?extra=from-search",
        method: "POST",
        params: { id: "gen_1", extra: "from-search" },
      },
    ]);
  });

  it("refuses a body past the handler's limit, counted or declared, and the answer still arrives", async () => {
    const counted = await send(
      "POST",
      Array.from({ length: 64 }, () => "x".repeat(512)),
    );
    const declared = "x".repeat(limit * 8);
    const refusedUnread = await send("POST", [declared], { "content-length": String(declared.length) });
    for (const answer of [counted, refusedUnread]) {
      expect(answer).toMatchObject({ status: 413, body: '{"error":"too long"}' });
    }
  });

  it("passes the request's headers through", async () => {
    seen.length = 0;
    await send("GET", [], { "x-given": "kept" });
    expect(seen).toEqual([{ method: "GET", params: { id: "gen_1", extra: "from-search" }, contentType: "kept" }]);
  });

  it("answers HEAD with GET's status and headers and no body", async () => {
    const answer = await send("HEAD");
    expect(answer.status).toBe(200);
    expect(answer.headers["x-read"]).toBe("yes");
    expect(answer.body).toBe("");
  });

  it("lists the methods for OPTIONS and in a 405 for any other method, without calling a handler", async () => {
    seen.length = 0;
    const options = await send("OPTIONS");
    const deleted = await send("DELETE");
    expect(options).toMatchObject({ status: 204, body: "" });
    expect(deleted).toMatchObject({ status: 405, body: "" });
    for (const answer of [options, deleted]) expect(answer.headers.allow).toBe("GET, POST, HEAD, OPTIONS");
    expect(seen).toEqual([]);
  });
});
