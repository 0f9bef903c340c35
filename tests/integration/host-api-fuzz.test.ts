import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { purchaseRefundReasons, refundReasonValues, webhookEventTypes } from "@/db/enums";
import { maxBatchBodyBytes, parsedEvent } from "@/lib/api/generation-batch";
import { insightRefundsQuery } from "@/lib/api/insight-schemas";
import { maxBodyBytes } from "@/lib/api/json-body";
import {
  disputeBody,
  disputeParams,
  purchaseBody,
  purchaseParams,
  purchaseRefundRequestBody,
} from "@/lib/api/purchase-schemas";
import {
  customerBody,
  customerParams,
  failBody,
  generationBatchBody,
  generationParams,
  grantBody,
  refundRequestBody,
  refundRequestParams,
  startGenerationBody,
  succeedBody,
} from "@/lib/api/schemas";
import { webhookEndpointBody, webhookEndpointParams } from "@/lib/api/webhook-schemas";
import { errorStatus, isDomainError } from "@/lib/errors";
import { boughtCreditPack } from "../support/purchases";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { testSql } from "../setup/database";
import { hostApi, recordedState, type Call, type Handler } from "../support/api";
import { hostRoutes, type HostRoute } from "../support/host-routes";
import { establishedCustomer, madeGeneration } from "../support/refunds";
import { startFor } from "../support/ledger";

/**
 * Throws generated input at every host API route and holds each to the contract: a refusal is a 4xx in the
 * error envelope with a known code, never a 5xx, and nothing is written. Routes are found on disk, so a new
 * one fails here until it has a recipe. FUZZ_SEED replays a run whose seed fast-check printed.
 */

const call = hostApi();
/** FUZZ_RUNS multiplies every property's runs, for a longer hunt than the suite's default. */
const scale = Number(process.env.FUZZ_RUNS ?? 1);
const runs = { auth: 30 * scale, invalid: 80 * scale, edges: 30 * scale, events: 40 * scale };
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

type Strings = Record<string, string>;
type Part<Value> = { schema: z.ZodType; valid: Value };
type Recipe =
  | "public"
  | {
      params?: Part<Strings> & {
        /** A well-formed id that names nothing is refused too, so random ids need not be malformed. */
        mustExist?: boolean;
      };
      query?: Part<Strings>;
      body?: Part<Record<string, unknown>> & { maxBytes?: number };
    };

const customerId = "fuzz-customer";
const runningId = "fuzz-running";
const finishedId = "fuzz-finished";
const purchaseId = "fuzz-purchase";
/** Disputed apart, since an open dispute freezes its customer for every other route. */
const disputedId = "fuzz-disputed";
const details = "The result is blurred beyond use and the face is wrong";
let endpointId = "";

const recipes: Record<string, Recipe> = {
  "GET /openapi.json": "public",
  "GET /products": {},
  "GET /webhook-endpoints": {},
  "POST /webhook-endpoints": {
    body: { schema: webhookEndpointBody, valid: { url: "https://hooks.example/fuzz", events: [webhookEventTypes[0]] } },
  },
  "DELETE /webhook-endpoints/{id}": {
    params: {
      schema: webhookEndpointParams,
      mustExist: true,
      get valid() {
        return { id: endpointId };
      },
    },
  },
  "PUT /customers/{customerId}": {
    params: { schema: customerParams, valid: { customerId: "fuzz-new-customer" } },
    body: { schema: customerBody, valid: { email: "fuzz@example.com", name: "Fuzz" } },
  },
  "GET /customers/{customerId}": { params: { schema: customerParams, valid: { customerId }, mustExist: true } },
  "GET /customers/{customerId}/balance": { params: { schema: customerParams, valid: { customerId }, mustExist: true } },
  "POST /customers/{customerId}/grants": {
    params: { schema: customerParams, valid: { customerId }, mustExist: true },
    body: { schema: grantBody, valid: { key: "fuzz-grant", amount: 5, reason: "Fuzzing" } },
  },
  "POST /generations": {
    body: {
      schema: startGenerationBody,
      valid: { id: "fuzz-new", customerId, feature: "recolor", platform: "web", context: "editor", cost: 3 },
    },
  },
  "GET /generations/{id}": { params: { schema: generationParams, valid: { id: finishedId }, mustExist: true } },
  "POST /generations/{id}/succeed": {
    params: { schema: generationParams, valid: { id: runningId }, mustExist: true },
    body: { schema: succeedBody, valid: { outputUrl: "https://cdn.example/fuzz.png" } },
  },
  "POST /generations/{id}/fail": {
    params: { schema: generationParams, valid: { id: runningId }, mustExist: true },
    body: { schema: failBody, valid: { errorCode: "gpu_out_of_memory", message: "Out of memory" } },
  },
  "POST /generations/batch": {
    body: {
      schema: generationBatchBody,
      maxBytes: maxBatchBodyBytes,
      valid: { events: [{ type: "succeed", id: runningId, outputUrl: "https://cdn.example/fuzz.png" }] },
    },
  },
  "POST /refund-requests": {
    body: {
      schema: refundRequestBody,
      valid: { generationId: finishedId, customerId, reason: refundReasonValues[0], details },
    },
  },
  "GET /refund-requests/{id}": {
    params: { schema: refundRequestParams, valid: { id: "fuzz-no-request" }, mustExist: true },
  },
  "POST /purchases": {
    body: {
      schema: purchaseBody,
      valid: { id: "fuzz-new-purchase", customerId, product: "credits_100", amount: 999, currency: "USD" },
    },
  },
  "GET /purchases/{id}": { params: { schema: purchaseParams, valid: { id: purchaseId }, mustExist: true } },
  "POST /purchases/{id}/refund-requests": {
    params: { schema: purchaseParams, valid: { id: purchaseId }, mustExist: true },
    body: { schema: purchaseRefundRequestBody, valid: { customerId, reason: purchaseRefundReasons[0], details } },
  },
  "PUT /disputes/{disputeId}": {
    params: { schema: disputeParams, valid: { disputeId: "fuzz-dispute" } },
    body: { schema: disputeBody, valid: { purchaseId: disputedId, status: "open" } },
  },
  "GET /insights/refunds": {
    query: { schema: insightRefundsQuery, valid: { from: "2026-01-01", to: "2026-02-01", by: "feature" } },
  },
};

const routes = await hostRoutes();

// ---- What is generated ----------------------------------------------------------------------------------

const char = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));
/** What an HTTP header can carry at all: Latin-1 without control characters. */
const headerValue = fc.string({ unit: fc.oneof(char(0x20, 0x7e), char(0xa0, 0xff), fc.constant("\t")), maxLength: 80 });

const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "%00",
    "\u0000",
    "a\u0000b",
    "%2e%2e%2f",
    "a/b",
    "__proto__",
    "constructor",
    "prototype",
    "null",
    "NaN",
    "-1",
    "1e309",
    "🙂",
    "\u202e",
    "\ufeff",
    "e\u0301",
    "\ud800",
    "x\udfff",
  ),
  fc.integer({ min: 129, max: 20_000 }).map((length) => "x".repeat(length)),
  fc
    .tuple(fc.integer({ min: 1, max: 5_000 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }))
    .map(([times, text]) => text.repeat(times)),
);

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e21, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(nasty, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

/** Ids as a path can bring them, many of them well formed. */
const anyId = fc.oneof(nasty, fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/));

function paramsOf(names: string[], part: Part<Strings> | undefined): fc.Arbitrary<Strings> {
  const random = fc.oneof(
    fc.record(Object.fromEntries(names.map((name) => [name, anyId]))),
    fc.constant({}),
    fc.dictionary(nasty, nasty, { maxKeys: 3 }),
  );
  return part ? fc.oneof({ arbitrary: fc.constant(part.valid), weight: 1 }, { arbitrary: random, weight: 3 }) : random;
}

const dayLike = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(
    ([year, month, day]) =>
      `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  );

/** A period of a few days around any day of any year, so that both ends can pass and reach the database. */
const period = fc
  .record({
    year: fc.integer({ min: 0, max: 9_999 }),
    dayOfYear: fc.integer({ min: 0, max: 364 }),
    days: fc.integer({ min: -3, max: 370 }),
  })
  .map(({ year, dayOfYear, days }) => {
    const from = new Date(Date.UTC(2001, 0, 1 + dayOfYear));
    from.setUTCFullYear(year);
    const to = new Date(from.getTime() + days * 24 * 3_600_000);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  });

const randomQuery = fc.dictionary(fc.oneof(nasty, fc.constantFrom("from", "to", "by")), fc.oneof(nasty, dayLike), {
  maxKeys: 5,
});

function queryOf(part: Part<Strings> | undefined): fc.Arbitrary<Strings> {
  if (!part) return randomQuery;
  const keys = Object.keys(part.valid);
  return fc.oneof(
    fc.constant(part.valid),
    randomQuery,
    fc
      .record({ key: fc.constantFrom(...keys), value: fc.oneof(nasty, dayLike) })
      .map(({ key, value }) => ({ ...part.valid, [key]: value })),
    fc.record(Object.fromEntries(keys.map((key) => [key, fc.oneof(dayLike, nasty)]))),
    fc.constantFrom(...keys).map((key) => without(part.valid, key)),
    period.map((days) => ({ ...part.valid, ...days })),
  );
}

function without<Value>(object: Record<string, Value>, key: string): Record<string, Value> {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

/** JSON object text with the keys exactly as given, so that `__proto__` arrives as an own key. */
function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
}

const jsonTypes = ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/json ;x=y"];
const contentType = fc.oneof(
  { arbitrary: fc.constantFrom(...jsonTypes), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      "application/json-patch+json",
      "application/vnd.api+json",
      "",
      "*/*",
    ),
    weight: 1,
  },
  { arbitrary: headerValue, weight: 1 },
);

type Body = { text: string | Uint8Array<ArrayBuffer>; contentType: string };

function bodyOf(part: NonNullable<Exclude<Recipe, "public">["body"]>): fc.Arbitrary<Body> {
  const valid = part.valid;
  const keys = [...new Set([...Object.keys(valid), ...Object.keys((part.schema as z.ZodObject).shape ?? {})])];
  const text: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.anything().map((value) => JSON.stringify(value) ?? ""),
    fc
      .record({ key: fc.constantFrom(...keys), value: wrongValue })
      .map(({ key, value }) => JSON.stringify({ ...valid, [key]: value })),
    fc.record(Object.fromEntries(keys.map((key) => [key, wrongValue]))).map((value) => JSON.stringify(value)),
    fc.constantFrom(...keys).map((key) => JSON.stringify(without(valid, key))),
    fc
      .constantFrom(...keys)
      .map((key) => objectText([...Object.entries(without(valid, key)), ["__proto__", { [key]: valid[key] }]])),
    fc.constant(objectText([["__proto__", valid]])),
    fc.constant(objectText([["constructor", { prototype: valid }]])),
    fc.constant(JSON.stringify([valid])),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)),
    fc.nat({ max: JSON.stringify(valid).length - 1 }).map((length) => JSON.stringify(valid).slice(0, length)),
    fc
      .constantFrom(1, 2)
      .map((times) => JSON.stringify({ ...valid, padding: "x".repeat(times * (part.maxBytes ?? maxBodyBytes)) })),
  );
  return fc.oneof(
    { arbitrary: fc.constant({ text: JSON.stringify(valid), contentType: "application/json" }), weight: 1 },
    { arbitrary: fc.record({ text, contentType }), weight: 4 },
  );
}

const unknownKey = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((key) => `mg_live_${key}`);
const badAuthorization = fc.oneof(
  fc.constant(null),
  headerValue,
  headerValue.map((value) => `Bearer ${value}`),
  unknownKey.map((key) => `Bearer ${key}`),
  unknownKey.map((key) => `bearer   ${key}  `),
  unknownKey,
  fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer null", "Bearer undefined", "Bearer mg_live_"),
);

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    "idempotency-key",
    "x-idempotency-key",
    "x-request-id",
    "content-length",
    "accept",
    "cookie",
    "x-forwarded-for",
  ),
  headerValue,
  { maxKeys: 3 },
);

type Case = { params: Strings; query: Strings; body?: Body; headers: Strings };

/** Values at the edges of what the schemas accept, for the calls that get past validation. */
const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom(1, 3, 64, 100, 128, 200, 254, 255, 500, 2_000, 2_048, 10_000),
      fc.constantFrom("x", "é", "🙂", "日", "\u202e"),
    )
    .map(([length, text]) => text.repeat(length)),
  fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/),
  fc.constantFrom(1, 2, 999_999_999, 1_000_000_000, 2 ** 31 - 1, 512, 100_000),
  fc.emailAddress(),
  fc.constantFrom("用户@例子.广告", "a@b.c", `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.example`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    "https://例え.jp/パス?q=🙂",
    "http://[::1]:8080/x",
    "https://user:pass@cdn.example/a.png",
    `https://cdn.example/${"a".repeat(2_020)}`,
    "http://a",
  ),
  fc.date({ min: new Date(0), max: new Date(), noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(
      fc.date({ min: new Date(0), max: new Date(), noInvalidDate: true }),
      fc.constantFrom("+14:00", "-12:00", "+00:00", ".123456789Z"),
    )
    .map(([date, suffix]) => `${date.toISOString().slice(0, 19)}${suffix}`),
  fc.constantFrom("1970-01-01T00:00:00Z", "1970-01-01T00:00:00-14:00", null, true, false),
);

/** The object with one to three of its fields swapped for edge values. */
function withEdges(object: Record<string, unknown>, schema?: z.ZodType): fc.Arbitrary<Record<string, unknown>> {
  const fields = [...Object.keys(object), ...Object.keys((schema as z.ZodObject | undefined)?.shape ?? {})];
  return fc
    .dictionary(fc.constantFrom(...fields), edgeValue, { minKeys: 1, maxKeys: 3 })
    .map((edges) => ({ ...object, ...edges }));
}

/**
 * The valid call with some of its fields swapped for edge values, meant to pass validation and reach the
 * database; a list of objects (a batch's events) has the fields of its first object swapped instead.
 */
function edgeCaseOf(route: HostRoute, recipe: Exclude<Recipe, "public">): fc.Arbitrary<Case> {
  const { params, query, body } = recipe;
  const list = Object.entries(body?.valid ?? {}).find(
    (entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]) && typeof entry[1][0] === "object",
  );
  const edged = !body
    ? undefined
    : list
      ? withEdges(list[1][0]!).map((first) => ({ ...body.valid, [list[0]]: [first] }))
      : withEdges(body.valid, body.schema);
  const edgeBody = edged?.map((value) => ({ text: JSON.stringify(value), contentType: "application/json" }));
  return fc.record({
    params: fc.oneof(
      fc.constant(params?.valid ?? {}),
      fc.record(
        Object.fromEntries(route.paramNames.map((name) => [name, fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/)])),
      ),
    ),
    query: fc.constant(query?.valid ?? {}),
    body: edgeBody ?? fc.constant(undefined),
    headers: fc.constant({}),
  });
}

function caseOf(route: HostRoute, recipe: Exclude<Recipe, "public">): fc.Arbitrary<Case> {
  return fc.record({
    params: paramsOf(route.paramNames, recipe.params),
    query: queryOf(recipe.query),
    body: recipe.body ? bodyOf(recipe.body) : fc.constant(undefined),
    headers: extraHeaders,
  });
}

function callOf(input: Case, authorization?: string | null): Call {
  return {
    params: input.params,
    query: input.query,
    raw: input.body?.text,
    headers: { ...input.headers, ...(input.body ? { "content-type": input.body.contentType } : {}) },
    ...(authorization === undefined ? {} : { authorization }),
  };
}

// ---- What the app would accept, to know when a 2xx is allowed -------------------------------------------

const passes = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

function bodyAccepted(body: Body, part: NonNullable<Exclude<Recipe, "public">["body"]>): boolean {
  if (body.contentType.split(";")[0]?.trim().toLowerCase() !== "application/json") return false;
  const bytes = typeof body.text === "string" ? new TextEncoder().encode(body.text) : body.text;
  if (bytes.byteLength > (part.maxBytes ?? maxBodyBytes)) return false;
  try {
    return passes(part.schema, JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
  } catch {
    return false;
  }
}

/**
 * Every part passes its schema, read as the route reads it, and unless `anyId`, any id that must name
 * something does.
 */
function accepted(recipe: Exclude<Recipe, "public">, input: Case, anyId = false): boolean {
  const { params, query, body } = recipe;
  const sentQuery = Object.fromEntries(new URLSearchParams(new URLSearchParams(input.query).toString()));
  if (params && !passes(params.schema, input.params)) return false;
  if (!anyId && params?.mustExist && JSON.stringify(input.params) !== JSON.stringify(params.valid)) return false;
  if (query && !passes(query.schema, sentQuery)) return false;
  return !body || (input.body !== undefined && bodyAccepted(input.body, body));
}

// ---- What is asserted --------------------------------------------------------------------------------------

type Answer = { status: number; body: unknown; requestId: string | null };

async function answer(handler: Handler, options: Call): Promise<Answer> {
  const response = await call.respond(handler, options);
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? null : JSON.parse(text),
    requestId: response.headers.get("x-request-id"),
  };
}

function expectRefusal(reply: Answer, code?: string) {
  const shown = JSON.stringify(reply.body)?.slice(0, 500);
  expect(reply.status, shown).toBeGreaterThanOrEqual(400);
  expect(reply.status, shown).toBeLessThan(500);
  expect(reply.body).toEqual({ error: expect.any(Object) });
  const error = (reply.body as { error: Record<string, unknown> }).error;
  expect(Object.keys(errorStatus), shown).toContain(error.code);
  if (code) expect(error.code).toBe(code);
  const status = errorStatus[error.code as keyof typeof errorStatus];
  expect(reply.status, shown).toBe(error.code === "validation.failed" && reply.status === 400 ? 400 : status);
  expect(error.message).toEqual(expect.stringMatching(/\S/));
  // A refusal's details can carry a requestId of their own: refund.duplicate names the existing request.
  if ("requestId" in error) expect(error.requestId).toEqual(expect.any(String));
  expect(reply.requestId).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
}

async function expectNoWrite(property: () => Promise<void>) {
  const before = await recordedState();
  await property();
  expect(await recordedState()).toEqual(before);
  expect(Object.keys(Object.prototype), "Object.prototype was polluted").toEqual([]);
}

const check = <Values extends unknown[]>(numRuns: number, property: fc.IAsyncProperty<Values>) =>
  fc.assert(property, { numRuns, seed });

// ---- The data that valid-looking ids could reach -----------------------------------------------------------

beforeAll(async () => {
  await establishedCustomer(customerId, 100);
  await startFor(customerId, runningId, 5);
  await madeGeneration(customerId, finishedId, { feature: "recolor" });
  await boughtCreditPack(customerId, purchaseId);
  await establishedCustomer("fuzz-disputer");
  await boughtCreditPack("fuzz-disputer", disputedId);
  const { endpoint } = await createWebhookEndpoint(
    { url: "http://127.0.0.1:9/fuzz", eventTypes: [webhookEventTypes[0]] },
    null,
  );
  endpointId = endpoint.id;
});

describe("the fuzzed host API", () => {
  it("has a recipe for every route on disk, and none for a route that is gone", () => {
    const keys = routes.map((route) => route.key);
    expect(
      keys.filter((key) => !(key in recipes)),
      "routes without a recipe",
    ).toEqual([]);
    expect(
      Object.keys(recipes).filter((key) => !keys.includes(key)),
      "recipes without a route",
    ).toEqual([]);
    for (const route of routes) {
      const recipe = recipes[route.key];
      if (!recipe || recipe === "public") continue;
      expect(Object.keys(recipe.params?.valid ?? {}), route.key).toEqual(route.paramNames);
    }
  });
});

for (const route of routes) {
  const recipe = recipes[route.key];
  if (recipe === undefined) continue;

  describe(route.key, () => {
    if (recipe === "public") {
      it("answers its document whatever is sent, and writes nothing", () =>
        expectNoWrite(() =>
          check(
            runs.auth,
            fc.asyncProperty(caseOf(route, {}), badAuthorization, async (input, authorization) => {
              const reply = await answer(route.handler, callOf(input, authorization));
              expect(reply.status).toBe(200);
              expect(reply.body).toHaveProperty("openapi");
            }),
          ),
        ));
      return;
    }

    it("refuses a missing or wrong API key with 401 whatever else is sent, and writes nothing", () =>
      expectNoWrite(() =>
        check(
          runs.auth,
          fc.asyncProperty(caseOf(route, recipe), badAuthorization, async (input, authorization) => {
            expectRefusal(await answer(route.handler, callOf(input, authorization)), "auth.invalid_api_key");
          }),
        ),
      ));

    const readOnly = route.method === "GET";
    it(
      readOnly
        ? "answers generated input with a 4xx refusal, or a 2xx only when the input is valid, and writes nothing"
        : "answers generated invalid input with a 4xx refusal and writes nothing",
      () =>
        expectNoWrite(() =>
          check(
            runs.invalid,
            fc.asyncProperty(caseOf(route, recipe), async (input) => {
              const valid = accepted(recipe, input);
              if (!readOnly) fc.pre(!valid);
              const reply = await answer(route.handler, callOf(input));
              if (!(valid && reply.status >= 200 && reply.status < 300)) expectRefusal(reply);
            }),
          ),
        ),
    );

    if (!readOnly) {
      it("never answers a 5xx to edge values its schemas accept", () =>
        check(
          runs.edges,
          fc.asyncProperty(edgeCaseOf(route, recipe), async (input) => {
            fc.pre(accepted(recipe, input, true));
            const reply = await answer(route.handler, callOf(input));
            if (reply.status >= 300) expectRefusal(reply);
          }),
        ));
    }
  });
}

describe("POST /generations/batch events", () => {
  const batch = routes.find((route) => route.key === "POST /generations/batch");
  const url = "https://cdn.example/fuzz.png";
  const bases: Record<string, unknown>[] = [
    { type: "start", ...(recipes["POST /generations"] as { body: { valid: object } }).body.valid },
    { type: "succeed", id: runningId, outputUrl: url },
    { type: "fail", id: runningId, errorCode: "gpu_out_of_memory" },
  ];
  const event = fc.oneof(
    fc.jsonValue(),
    fc
      .tuple(fc.constantFrom(...bases), fc.string({ unit: "binary", maxLength: 20 }), wrongValue)
      .map(([base, key, value]) => ({ ...base, [key]: value })),
    fc
      .tuple(fc.constantFrom(...bases), wrongValue)
      .chain(([base, value]) => fc.constantFrom(...Object.keys(base)).map((key) => ({ ...base, [key]: value }))),
    fc.record({ type: fc.constantFrom("succeed", "fail"), id: anyId, outputUrl: fc.constant(url), errorCode: nasty }),
  );
  // The edge cases above start generations under ids that `anyId` produces too ("." often): an event naming
  // one of them may well succeed, so every generation that exists when these tests begin is left out.
  const existing = new Set<string>();
  beforeAll(async () => {
    for (const { id } of await testSql()<{ id: string }[]>`select id from generations`) existing.add(id);
  });
  /** Refused by its own schema, or naming a generation that does not exist: either way its result is a 4xx. */
  const refused = (value: unknown) => {
    const parsed = parsedEvent(value);
    return isDomainError(parsed) || (parsed.type !== "start" && !existing.has(parsed.id));
  };

  const events = fc
    .array(event.filter(refused), { minLength: 1, maxLength: 20 })
    .filter((list) => Buffer.byteLength(JSON.stringify({ events: list })) <= maxBatchBodyBytes);

  it("answers each refused event with its own 4xx result in the envelope's shape, and writes nothing", () =>
    expectNoWrite(() =>
      check(
        runs.events,
        fc.asyncProperty(events, async (events) => {
          const reply = await answer(batch!.handler, { body: { events } });
          expect(reply.status, JSON.stringify(reply.body)?.slice(0, 500)).toBe(200);
          const { results } = reply.body as { results: { status: number; error: unknown }[] };
          expect(results).toHaveLength(events.length);
          for (const result of results) {
            expectRefusal({ status: result.status, body: { error: result.error }, requestId: reply.requestId });
          }
        }),
      ),
    ));
});
