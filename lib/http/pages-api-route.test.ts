import { once } from "node:events";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { json, route } from "./host-call";
import { pagesApiRoute } from "./pages-api-route";

const limit = 1024;
const seen: { params?: unknown; search?: unknown; given?: string | null; read?: string }[] = [];

const echo = route(async (request) => {
  seen.push({ params: request.params, search: Object.fromEntries(request.searchParams) });
  const bytes = await request.body(limit).catch(() => {
    seen.push({ read: "broken" });
    return Buffer.alloc(0);
  });
  if (!bytes) return json({ error: "too long" }, { status: 413 });
  return json({ echoed: bytes.toString("utf8") }, { status: 201, headers: { "x-length": String(bytes.length) } });
});

const read = route(async (request) => {
  seen.push({ params: request.params, given: request.header("x-given") });
  return json({ read: true }, { headers: { "x-read": "yes" } });
});

const served = pagesApiRoute({ GET: read, POST: echo });

// Next.js puts the path's dynamic segments in `query` before it calls a Pages Router API route.
const server = http.createServer((request: IncomingMessage & { query?: Record<string, string> }, response) => {
  request.query = { id: "gen_1", extra: "from-search" };
  void served(request, response);
});
let origin = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; reused: boolean };

/**
 * One call over a real connection, `agent`'s when given; `chunks` go out one write at a time, with no
 * Content-Length unless `headers` has one. `reused` says whether it went on a connection kept alive.
 */
function send(
  method: string,
  chunks: string[] = [],
  headers: Record<string, string> = {},
  agent?: http.Agent,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = `${origin}/api/v1/things/gen_1?extra=from-search`;
    const request = http.request(url, { method, headers, agent }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, reused: request.reusedSocket }),
      );
    });
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe("pagesApiRoute", () => {
  it("hands the method's route the body, the search and the params, and sends its answer back as JSON", async () => {
    seen.length = 0;
    const answer = await send("POST", ['{"a":', "1}"], { "content-type": "application/json" });
    expect(answer).toMatchObject({ status: 201, body: '{"echoed":"{\\"a\\":1}"}' });
    expect(answer.headers).toMatchObject({
      "x-length": "7",
      "content-type": "application/json",
      "content-length": String(answer.body.length),
    });
    expect(seen).toEqual([{ params: { id: "gen_1", extra: "from-search" }, search: { extra: "from-search" } }]);
  });

  it("refuses a body past the route's limit, counted or declared, and the answer still arrives", async () => {
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

  it.each([
    ["says its length", true],
    ["comes in chunks", false],
  ] as const)(
    "answers the next call on the same kept-alive connection after refusing a body past the limit that %s",
    async (_, declared) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      // Far past the limit, so that most of the body is still on its way when the refusal is sent.
      const chunks = Array.from({ length: 128 }, () => "x".repeat(1024));
      const length = String(chunks.length * 1024);

      const refused = await send("POST", chunks, declared ? { "content-length": length } : {}, agent);
      const next = await send("POST", ['{"a":1}'], {}, agent);
      agent.destroy();

      expect(refused).toMatchObject({ status: 413, body: '{"error":"too long"}' });
      expect(next).toMatchObject({ status: 201, body: '{"echoed":"{\\"a\\":1}"}', reused: true });
    },
  );

  it("fails the body's read when the caller hangs up before the body is complete", async () => {
    seen.length = 0;
    const request = http.request(`${origin}/api/v1/things/gen_1`, {
      method: "POST",
      headers: { "content-length": "100" },
    });
    request.on("error", () => {});
    request.write("x".repeat(10));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    request.destroy();
    await vi.waitFor(() => expect(seen).toContainEqual({ read: "broken" }));
  });

  it("passes the request's headers through", async () => {
    seen.length = 0;
    await send("GET", [], { "x-given": "kept" });
    expect(seen).toEqual([{ params: { id: "gen_1", extra: "from-search" }, given: "kept" }]);
  });

  it("answers HEAD with GET's status and headers and no body", async () => {
    const answer = await send("HEAD");
    expect(answer.status).toBe(200);
    expect(answer.headers["x-read"]).toBe("yes");
    expect(answer.body).toBe("");
  });

  it("lists the methods for OPTIONS and in a 405 for any other method, without calling a route", async () => {
    seen.length = 0;
    const options = await send("OPTIONS");
    const deleted = await send("DELETE");
    expect(options).toMatchObject({ status: 204, body: "" });
    expect(deleted).toMatchObject({ status: 405, body: "" });
    for (const answer of [options, deleted]) expect(answer.headers.allow).toBe("GET, POST, HEAD, OPTIONS");
    expect(seen).toEqual([]);
  });
});
