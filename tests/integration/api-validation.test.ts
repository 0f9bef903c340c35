import { beforeAll, describe, expect, it, vi } from "vitest";
import { PUT as putCustomer } from "@/pages/api/v1/customers/[customerId]";
import { GET as getBalance } from "@/pages/api/v1/customers/[customerId]/balance";
import { POST as postGrant } from "@/pages/api/v1/customers/[customerId]/grants";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { GET as getGeneration } from "@/pages/api/v1/generations/[id]";
import { POST as postFail } from "@/pages/api/v1/generations/[id]/fail";
import { POST as postSucceed } from "@/pages/api/v1/generations/[id]/succeed";
import { hostRoute } from "@/lib/api/host-route";
import { hostApi, recordedState, type Call, type Handler } from "../support/api";
import { customerWith, startFor } from "../support/ledger";

const call = hostApi();

const customer = { customerId: "valid-customer" };
const generation = { id: "valid-generation" };
const day = 24 * 60 * 60 * 1000;
const tomorrow = new Date(Date.now() + day).toISOString();
const goodStart = {
  id: "new-generation",
  customerId: customer.customerId,
  feature: "recolor",
  platform: "web",
  context: "editor",
  cost: 3,
};
const amountRule = "amount: must be a whole number between 1 and 1000000000";
const costRule = "cost: must be a whole number between 1 and 1000000000";
const utf8 = (text: string) => [...new TextEncoder().encode(text)];
/** Well-formed JSON but for one byte, so that only strict decoding can catch it. */
const notUtf8 = new Uint8Array([...utf8('{"email": "'), 0xff, ...utf8('@example.com"}')]);
const idRule = "must be 1 to 128 characters of A-Z, a-z, 0-9, _ . : -";

beforeAll(async () => {
  await customerWith(customer.customerId, 100);
  await startFor(customer.customerId, generation.id, 5);
});

type Case = [description: string, handler: Handler, call: Call, field: string, message?: string];

const cases: Case[] = [
  ["a JSON array instead of an object", postGeneration, { body: [goodStart] }, "body", "body: must be a JSON object"],
  ["JSON null", postGrant, { params: customer, body: null }, "body", "body: must be a JSON object"],

  ["a missing email", putCustomer, { params: customer, body: { name: "No Email" } }, "email", "email: is required"],
  ["an email that is a number", putCustomer, { params: customer, body: { email: 42 } }, "email"],
  ["an email without an @", putCustomer, { params: customer, body: { email: "not-an-email" } }, "email"],
  [
    "a customer id with a space",
    putCustomer,
    { params: { customerId: "has space" }, body: { email: "a@example.com" } },
    "customerId",
    `customerId: ${idRule}`,
  ],
  [
    "a customer id with a slash",
    putCustomer,
    { params: { customerId: "a/b" }, body: { email: "a@example.com" } },
    "customerId",
  ],
  [
    "a customer id with non-ASCII letters",
    putCustomer,
    { params: { customerId: "kundé" }, body: { email: "a@example.com" } },
    "customerId",
  ],
  [
    "a customer id of 129 characters",
    putCustomer,
    { params: { customerId: "c".repeat(129) }, body: { email: "a@example.com" } },
    "customerId",
  ],
  ["an empty customer id", putCustomer, { params: { customerId: "" }, body: { email: "a@example.com" } }, "customerId"],
  [
    "a createdAt in the future",
    putCustomer,
    { params: { customerId: "future" }, body: { email: "f@example.com", createdAt: tomorrow } },
    "createdAt",
    "createdAt: must not be in the future",
  ],
  [
    "a createdAt that is not ISO 8601",
    putCustomer,
    { params: { customerId: "words" }, body: { email: "w@example.com", createdAt: "yesterday" } },
    "createdAt",
  ],
  [
    "a createdAt on a day that does not exist",
    putCustomer,
    { params: { customerId: "feb30" }, body: { email: "w@example.com", createdAt: "2024-02-30T10:00:00Z" } },
    "createdAt",
  ],
  [
    "a createdAt before 1970",
    putCustomer,
    { params: { customerId: "ancient" }, body: { email: "a@example.com", createdAt: "0000-01-01T00:00:00Z" } },
    "createdAt",
  ],
  [
    "a name over 200 characters",
    putCustomer,
    { params: { customerId: "long-name" }, body: { email: "l@example.com", name: "n".repeat(201) } },
    "name",
  ],
  [
    "a name with an unpaired surrogate",
    putCustomer,
    { params: { customerId: "half-char" }, raw: '{"email": "h@example.com", "name": "\\ud800"}' },
    "name",
  ],
  [
    "a name with a NUL character",
    putCustomer,
    { params: { customerId: "nul-name" }, body: { email: "n@example.com", name: "a\u0000b" } },
    "name",
  ],

  [
    "an amount sent as a string",
    postGrant,
    { params: customer, body: { key: "g", amount: "5", reason: "Gift" } },
    "amount",
    amountRule,
  ],
  [
    "a negative amount",
    postGrant,
    { params: customer, body: { key: "g", amount: -5, reason: "Gift" } },
    "amount",
    amountRule,
  ],
  [
    "a zero amount",
    postGrant,
    { params: customer, body: { key: "g", amount: 0, reason: "Gift" } },
    "amount",
    amountRule,
  ],
  [
    "a fractional amount",
    postGrant,
    { params: customer, body: { key: "g", amount: 1.5, reason: "Gift" } },
    "amount",
    amountRule,
  ],
  [
    "an amount over 10^9",
    postGrant,
    { params: customer, body: { key: "g", amount: 1_000_000_001, reason: "Gift" } },
    "amount",
    amountRule,
  ],
  [
    "a missing amount",
    postGrant,
    { params: customer, body: { key: "g", reason: "Gift" } },
    "amount",
    "amount: is required",
  ],
  [
    "a grant key with forbidden characters",
    postGrant,
    { params: customer, body: { key: "a key!", amount: 1, reason: "Gift" } },
    "key",
  ],
  ["an empty reason", postGrant, { params: customer, body: { key: "g", amount: 1, reason: "" } }, "reason"],
  [
    "a grant to a malformed customer id",
    postGrant,
    { params: { customerId: "x".repeat(129) }, body: { key: "g", amount: 1, reason: "Gift" } },
    "customerId",
  ],
  ["a balance for a malformed customer id", getBalance, { params: { customerId: "bad id" } }, "customerId"],

  [
    "an unknown platform",
    postGeneration,
    { body: { ...goodStart, platform: "windows" } },
    "platform",
    "platform: must be one of ios, android, web",
  ],
  [
    "an unknown context",
    postGeneration,
    { body: { ...goodStart, context: "gallery" } },
    "context",
    "context: must be one of editor, batch, product_catalog",
  ],
  ["a zero cost", postGeneration, { body: { ...goodStart, cost: 0 } }, "cost", costRule],
  ["a fractional cost", postGeneration, { body: { ...goodStart, cost: 2.5 } }, "cost", costRule],
  ["a cost beyond a 32-bit integer", postGeneration, { body: { ...goodStart, cost: 3_000_000_000 } }, "cost", costRule],
  [
    "a generation id with forbidden characters",
    postGeneration,
    { body: { ...goodStart, id: "gen#1" } },
    "id",
    `id: ${idRule}`,
  ],
  ["a generation id of 129 characters", postGeneration, { body: { ...goodStart, id: "g".repeat(129) } }, "id"],
  ["a malformed customer id in the body", postGeneration, { body: { ...goodStart, customerId: "who?" } }, "customerId"],
  ["a feature that is not text", postGeneration, { body: { ...goodStart, feature: 7 } }, "feature"],
  [
    "a generation createdAt in the future",
    postGeneration,
    { body: { ...goodStart, createdAt: tomorrow } },
    "createdAt",
    "createdAt: must not be in the future",
  ],
  [
    "an input URL that is not http",
    postGeneration,
    { body: { ...goodStart, inputUrl: "javascript:alert(1)" } },
    "inputUrl",
  ],
  ["a prompt over 10,000 characters", postGeneration, { body: { ...goodStart, prompt: "p".repeat(10_001) } }, "prompt"],
  [
    "an expected width of zero pixels",
    postGeneration,
    { body: { ...goodStart, expectedWidth: 0, expectedHeight: 512 } },
    "expectedWidth",
  ],
  [
    "an expected width without a height",
    postGeneration,
    { body: { ...goodStart, expectedWidth: 512 } },
    "expectedHeight",
    "expectedHeight: expectedWidth and expectedHeight go together: send both or neither",
  ],

  ["a missing output URL", postSucceed, { params: generation, body: {} }, "outputUrl", "outputUrl: is required"],
  [
    "an output URL that is not a URL",
    postSucceed,
    { params: generation, body: { outputUrl: "not a url" } },
    "outputUrl",
  ],
  [
    "a succeed for a malformed generation id",
    postSucceed,
    { params: { id: "a b" }, body: { outputUrl: "https://cdn.example/x.png" } },
    "id",
  ],
  [
    "a missing error code",
    postFail,
    { params: generation, body: { message: "GPU fell over" } },
    "errorCode",
    "errorCode: is required",
  ],
  [
    "a failure message that is not text",
    postFail,
    { params: generation, body: { errorCode: "gpu_oom", message: ["GPU"] } },
    "message",
  ],
  ["a read of a malformed generation id", getGeneration, { params: { id: "g".repeat(129) } }, "id"],
];

type BodyCase = [description: string, handler: Handler, call: Call, status: number, code: string, message: string];

const bodyCases: BodyCase[] = [
  [
    "invalid JSON",
    postGrant,
    { params: customer, raw: '{"key": "k1", "amount": ' },
    400,
    "validation.failed",
    "body: must be valid JSON in UTF-8",
  ],
  [
    "an empty body",
    postSucceed,
    { params: generation, raw: "" },
    400,
    "validation.failed",
    "body: must be valid JSON in UTF-8",
  ],
  [
    "bytes that are not UTF-8",
    putCustomer,
    { params: customer, raw: notUtf8 },
    400,
    "validation.failed",
    "body: must be valid JSON in UTF-8",
  ],
  [
    "a body that is not JSON",
    putCustomer,
    { params: customer, raw: "email=a@example.com", headers: { "content-type": "application/x-www-form-urlencoded" } },
    415,
    "validation.media_type",
    "body: must be JSON, sent with Content-Type: application/json",
  ],
  [
    "a body over 64 KiB",
    putCustomer,
    { params: customer, body: { email: "big@example.com", name: "x".repeat(70_000) } },
    413,
    "validation.too_large",
    "body: must be at most 64 KiB",
  ],
  [
    "a declared length over 64 KiB",
    postGrant,
    { params: customer, body: { key: "k", amount: 1, reason: "r" }, headers: { "content-length": "1000000" } },
    413,
    "validation.too_large",
    "body: must be at most 64 KiB",
  ],
];

describe("bodies that cannot be read", () => {
  it.each(bodyCases)("refuses %s with %i %s and writes nothing", async (_, handler, input, status, code, message) => {
    const before = await recordedState();
    expect(await call(handler, input)).toEqual({ status, body: { error: { code, message, field: "body" } } });
    expect(await recordedState()).toEqual(before);
  });

  it("refuses a body whose sender hung up half way with 400, logs no outage and writes nothing", async () => {
    const warn = vi.spyOn(console, "warn");
    const halfSent = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"key":"grant-1",'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const before = await recordedState();
    expect(await call(postGrant, { params: customer, raw: halfSent })).toEqual({
      status: 400,
      body: { error: { code: "validation.failed", message: "body: ended before it was complete", field: "body" } },
    });
    expect(warn).not.toHaveBeenCalled();
    expect(await recordedState()).toEqual(before);
    warn.mockRestore();
  });
});

describe("malformed input", () => {
  it.each(cases)(
    "refuses %s with 422, names the field and writes nothing",
    async (_, handler, input, field, message) => {
      const before = await recordedState();
      const reply = await call(handler, input);
      expect(reply.status).toBe(422);
      expect(reply.body.error).toMatchObject({ code: "validation.failed", field });
      expect(reply.body.error!.message).toMatch(new RegExp(`^${field}: \\S`));
      if (message) expect(reply.body.error!.message).toBe(message);
      expect(await recordedState()).toEqual(before);
    },
  );
});

describe("lenient input", () => {
  it("ignores fields it does not know, so that the contract can grow", async () => {
    const reply = await call(putCustomer, {
      params: { customerId: "extra" },
      body: { email: "e@example.com", plan: "pro" },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.customer).toEqual(expect.not.objectContaining({ plan: expect.anything() }));
  });

  it("takes null for an optional field as not given", async () => {
    const reply = await call(putCustomer, {
      params: { customerId: "nulls" },
      body: { email: "n@example.com", name: null, createdAt: null },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.customer).toMatchObject({ name: null });
  });

  it("accepts a JSON media type with a charset", async () => {
    const reply = await call(putCustomer, {
      params: { customerId: "charset" },
      body: { email: "c@example.com" },
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(reply.status).toBe(201);
  });
});

describe("X-Request-Id", () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it.each<[string, Handler, Call, number]>([
    ["a success", getBalance, { params: customer }, 200],
    ["a refusal", getGeneration, { params: { id: "never-started" } }, 404],
    ["a malformed body", postGrant, { params: customer, raw: "{" }, 400],
    ["a missing key", getBalance, { params: customer, authorization: null }, 401],
  ])("is on %s", async (_, handler, input, status) => {
    const response = await call.respond(handler, input);
    expect(response.status).toBe(status);
    expect(response.headers.get("x-request-id")).toMatch(uuid);
  });

  it("echoes a sane id the caller sent, and replaces one that is not", async () => {
    const echoed = await call.respond(getBalance, { params: customer, headers: { "x-request-id": "host-req:42" } });
    expect(echoed.headers.get("x-request-id")).toBe("host-req:42");
    const replaced = await call.respond(getBalance, {
      params: customer,
      headers: { "x-request-id": "<script>alert(1)</script>" },
    });
    expect(replaced.headers.get("x-request-id")).toMatch(uuid);
  });

  it("is named in a 5xx body and in its log line", async () => {
    const broken = hostRoute({}, () => Promise.reject(new Error("the disk is on fire")));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await call.respond(broken);
      const requestId = response.headers.get("x-request-id");
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { code: "internal.error", message: expect.stringContaining(requestId!), requestId },
      });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining(requestId!), expect.any(Error));
    } finally {
      logged.mockRestore();
    }
  });
});
