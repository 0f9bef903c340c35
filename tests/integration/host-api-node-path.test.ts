import { once } from "node:events";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { maxBodyBytes } from "@/lib/api/json-body";
import serveFailure from "@/pages/api/v1/generations/[id]/fail";
import { recordedState } from "../support/api";
import { balanceOf, customerWith, startFor } from "../support/ledger";

// The integration tests call the routes as App Router handlers, with web Requests. This file sends real
// HTTP to a route's Pages Router export, as Next.js serves the host API, so the path from Node's request
// to the answer is the one under test. Next.js puts the path's dynamic segments in `query` first.
const server = http.createServer((request: IncomingMessage & { query?: Record<string, string> }, response) => {
  request.query = { id: decodeURIComponent(request.url!.split("/")[4]!) };
  void serveFailure(request, response);
});
let origin = "";
let key = "";

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  key = (await createApiKey("node path tests")).key;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function fail(generationId: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${origin}/api/v1/generations/${encodeURIComponent(generationId)}/fail`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
    body: init.body ?? JSON.stringify({ errorCode: "gpu_out_of_memory" }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const customer = "node-path-customer";
await customerWith(customer, 50);

describe("a host API route served from Node's request", () => {
  it("records a failure and answers it as JSON, with the caller's request id", async () => {
    await startFor(customer, "node-path-failure", 8);
    const before = await balanceOf(customer);

    const answer = await fail("node-path-failure", { headers: { "x-request-id": "host-req-42" } });

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-request-id")).toBe("host-req-42");
    expect(answer.body).toMatchObject({ generation: { id: "node-path-failure", status: "failed" } });
    expect(await balanceOf(customer)).toEqual({
      posted: before.posted,
      held: before.held - 8,
      available: before.available + 8,
    });
  });

  it.each([
    ["no API key", { headers: { authorization: "" } }, 401, "auth.invalid_api_key"],
    [
      "a body that is not JSON's media type",
      { headers: { "content-type": "text/plain" } },
      415,
      "validation.media_type",
    ],
    ["a body that is not JSON", { body: "{oops" }, 400, "validation.failed"],
    [
      "a body past the limit",
      { body: JSON.stringify({ errorCode: "x".repeat(maxBodyBytes) }) },
      413,
      "validation.too_large",
    ],
  ] as const)("refuses %s in the error envelope, and records nothing", async (_, init, status, code) => {
    await startFor(customer, `node-path-refused-${status}`, 3);
    const state = await recordedState();

    const answer = await fail(`node-path-refused-${status}`, init);

    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code });
    expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await recordedState()).toEqual(state);
  });
});
