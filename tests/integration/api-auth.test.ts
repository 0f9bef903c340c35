import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { PUT as putCustomer } from "@/pages/api/v1/customers/[customerId]";
import { GET as getBalance } from "@/pages/api/v1/customers/[customerId]/balance";
import { POST as postGrant } from "@/pages/api/v1/customers/[customerId]/grants";
import { POST as postGeneration } from "@/pages/api/v1/generations";
import { GET as getGeneration } from "@/pages/api/v1/generations/[id]";
import { POST as postFail } from "@/pages/api/v1/generations/[id]/fail";
import { POST as postSucceed } from "@/pages/api/v1/generations/[id]/succeed";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/api/api-keys";
import { hostRoute } from "@/lib/api/host-route";
import { DomainError, errorStatus, type ErrorCode } from "@/lib/errors";
import { hostApi, recordedState, type Handler } from "../support/api";

const call = hostApi();

afterEach(() => vi.restoreAllMocks());

const routes: [name: string, handler: Handler, params: Record<string, string>][] = [
  ["PUT /customers/{customerId}", putCustomer, { customerId: "c1" }],
  ["POST /customers/{customerId}/grants", postGrant, { customerId: "c1" }],
  ["GET /customers/{customerId}/balance", getBalance, { customerId: "c1" }],
  ["POST /generations", postGeneration, {}],
  ["GET /generations/{id}", getGeneration, { id: "g1" }],
  ["POST /generations/{id}/succeed", postSucceed, { id: "g1" }],
  ["POST /generations/{id}/fail", postFail, { id: "g1" }],
];

describe("a request without a valid API key", () => {
  it.each(routes)("%s answers 401 without a key, before looking at the body", async (_, handler, params) => {
    const before = await recordedState();
    const reply = await call(handler, { params, raw: "not even JSON", authorization: null });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toEqual({
      code: "auth.invalid_api_key",
      message: "Send your API key in the Authorization header, as: Bearer <key>.",
    });
    expect(await recordedState()).toEqual(before);
  });

  it.each([
    ["an unknown key", `Bearer mg_live_${"A".repeat(43)}`],
    ["a key that is not ours", "Bearer sk_live_abcdef"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["a scheme without a key", "Bearer"],
  ])("answers 401 for %s and writes nothing", async (_, authorization) => {
    const before = await recordedState();
    const reply = await call(putCustomer, {
      params: { customerId: "intruder" },
      body: { email: "i@example.com" },
      authorization,
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toEqual({
      code: "auth.invalid_api_key",
      message: "The API key is not valid, or it has been revoked.",
    });
    expect(await recordedState()).toEqual(before);
  });

  it("answers 401 once the key is revoked", async () => {
    const { key, record } = await createApiKey("soon revoked");
    const asKey = (customerId: string) =>
      call(putCustomer, {
        params: { customerId },
        body: { email: `${customerId}@example.com` },
        authorization: `Bearer ${key}`,
      });
    expect((await asKey("before-revoke")).status).toBe(201);
    await revokeApiKey(record.id);
    const before = await recordedState();
    expect((await asKey("after-revoke")).status).toBe(401);
    expect(await recordedState()).toEqual(before);
  });
});

describe("API keys", () => {
  it("stores only a hash and a short prefix of the key", async () => {
    const { key, record } = await createApiKey("Generation service");
    expect(key).toMatch(/^mg_live_[A-Za-z0-9_-]{43}$/);
    expect(record).not.toHaveProperty("hash");
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, record.id));
    expect(row!.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(key.startsWith(row!.prefix)).toBe(true);
    expect(row!.prefix.length).toBeLessThan(16);
    expect(Object.values(row!)).not.toContain(key);
  });

  it("records use at most once a minute", async () => {
    const { key, record } = await createApiKey("busy");
    const header = `Bearer ${key}`;
    const first = new Date("2030-01-01T00:00:00Z");
    const lastUsed = async () => (await db.select().from(apiKeys).where(eq(apiKeys.id, record.id)))[0]!.lastUsedAt;

    expect(await authenticateApiKey(header, first)).toEqual({ id: record.id });
    expect(await lastUsed()).toEqual(first);
    await authenticateApiKey(header, new Date(first.getTime() + 59_000));
    expect(await lastUsed()).toEqual(first);
    // Past the minute and past the 10 s for which a key found live is believed without a lookup.
    const later = new Date(first.getTime() + 70_000);
    await authenticateApiKey(header, later);
    expect(await lastUsed()).toEqual(later);
  });

  it("lists keys without their hashes, and revoking twice keeps the first revocation", async () => {
    const { record } = await createApiKey("listed");
    expect((await listApiKeys()).find((key) => key.id === record.id)).toEqual(record);
    expect((await listApiKeys()).every((key) => !("hash" in key))).toBe(true);
    const revoked = await revokeApiKey(record.id);
    expect(revoked.revokedAt).toEqual(expect.any(Date));
    expect((await revokeApiKey(record.id)).revokedAt).toEqual(revoked.revokedAt);
  });

  it("refuses to revoke a key that does not exist", async () => {
    await expect(revokeApiKey("00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({
      code: "api_key.not_found",
    });
  });
});

describe("errors the route wrapper did not expect", () => {
  it("turns a bug into a logged 500 with the error envelope", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = hostRoute({}, async () => {
      throw new TypeError("cannot read properties of undefined");
    });
    const reply = await call(broken);
    expect(reply.status).toBe(500);
    expect(reply.body.error).toMatchObject({ code: "internal.error" });
    expect(logged).toHaveBeenCalledWith(expect.any(String), expect.any(TypeError));
  });

  it.each(Object.entries(errorStatus) as [ErrorCode, number][])(
    "answers a %s refusal with its %i, never a 5xx",
    async (code, status) => {
      const refusing = hostRoute({}, async () => {
        throw new DomainError(code, "No widgets today.");
      });
      expect(status).toBeLessThan(500);
      expect(await call(refusing)).toEqual({ status, body: { error: { code, message: "No widgets today." } } });
    },
  );

  it("has no refusal code without a status", () => {
    // @ts-expect-error a code must have its status in errorStatus before anything can throw it
    expect(() => new DomainError("widget.unavailable", "No widgets today.")).not.toThrow();
  });
});
