import { describe, expect, it } from "vitest";
import { GET as getCustomer, PUT as putCustomer } from "@/pages/api/v1/customers/[customerId]";
import { GET as getBalance } from "@/pages/api/v1/customers/[customerId]/balance";
import { POST as postGrant } from "@/pages/api/v1/customers/[customerId]/grants";
import { db } from "@/db/client";
import { recordTransfer } from "@/lib/ledger/transfers";
import { hostApi, recordedState } from "../support/api";

const call = hostApi();

const register = (customerId: string, body: Record<string, unknown>) =>
  call(putCustomer, { params: { customerId }, body });
const grant = (customerId: string, body: Record<string, unknown>) => call(postGrant, { params: { customerId }, body });
const balance = (customerId: string) => call(getBalance, { params: { customerId } });
const read = (customerId: string) => call(getCustomer, { params: { customerId } });

describe("PUT /customers/{customerId}", () => {
  it("creates a customer with 201, then answers the same call with 200 and the same customer", async () => {
    const body = { email: "ada@example.com", name: "Ada", createdAt: "2024-05-01T14:00:00+02:00" };
    const first = await register("ada", body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      customer: {
        id: "ada",
        email: "ada@example.com",
        name: "Ada",
        createdAt: "2024-05-01T12:00:00.000Z",
        status: "active",
      },
    });

    const before = await recordedState();
    const again = await register("ada", body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await recordedState()).toEqual(before);
  });

  it("dates a customer without createdAt now, and opens an empty balance", async () => {
    const reply = await register("grace", { email: "grace@example.com" });
    expect(reply.status).toBe(201);
    expect(reply.body.customer).toMatchObject({ id: "grace", name: null });
    expect(Math.abs(Date.parse(reply.body.customer!.createdAt as string) - Date.now())).toBeLessThan(60_000);
    expect(await balance("grace")).toEqual({ status: 200, body: { balance: { available: 0, held: 0, posted: 0 } } });
  });

  it("stores a changed email, name and createdAt with 200 and answers with the stored customer, never 409", async () => {
    await register("linus", { email: "linus@example.com", name: "Linus", createdAt: "2024-01-01T00:00:00Z" });
    const changed = { email: "torvalds@example.com", name: "Linus T.", createdAt: "2023-06-01T08:00:00Z" };
    const reply = await register("linus", changed);
    const stored = { id: "linus", ...changed, createdAt: "2023-06-01T08:00:00.000Z", status: "active" };
    expect(reply).toEqual({ status: 200, body: { customer: stored } });
    expect((await read("linus")).body.customer).toEqual(stored);
  });

  it("keeps the stored name and createdAt when a PUT leaves them out", async () => {
    const first = await register("barbara", {
      email: "b@example.com",
      name: "Barbara",
      createdAt: "2024-02-01T00:00:00Z",
    });
    const reply = await register("barbara", { email: "liskov@example.com" });
    expect(reply).toEqual({ status: 200, body: { customer: { ...first.body.customer, email: "liskov@example.com" } } });
  });
});

describe("GET /customers/{customerId}", () => {
  it("answers the customer and its balance", async () => {
    const { body } = await register("margaret", { email: "m@example.com", name: "Margaret" });
    await grant("margaret", { key: "welcome", amount: 12, reason: "Welcome" });
    expect(await read("margaret")).toEqual({
      status: 200,
      body: { customer: body.customer, balance: { available: 12, held: 0, posted: 12 } },
    });
  });

  it("answers 404 customer.not_found for an unknown customer", async () => {
    const reply = await read("nobody");
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: "customer.not_found" });
  });
});

describe("POST /customers/{customerId}/grants", () => {
  it("grants with 201, and a retry with the same key gets 200 and grants nothing more", async () => {
    await register("alan", { email: "alan@example.com" });
    const body = { key: "allowance-2024-05", amount: 50, reason: "Monthly allowance" };
    const first = await grant("alan", body);
    expect(first).toEqual({ status: 201, body: { balance: { available: 50, held: 0, posted: 50 } } });

    const before = await recordedState();
    const again = await grant("alan", body);
    expect(again).toEqual({ status: 200, body: { balance: { available: 50, held: 0, posted: 50 } } });
    expect(await recordedState()).toEqual(before);
  });

  it.each([
    ["a different amount", { amount: 60, reason: "Monthly allowance" }],
    ["a different reason", { amount: 50, reason: "Promotion" }],
  ])("refuses a grant key reused with %s with 409 idempotency.mismatch", async (_, change) => {
    await register("edsger", { email: "edsger@example.com" });
    await grant("edsger", { key: "welcome", amount: 50, reason: "Monthly allowance" });
    const before = await recordedState();
    const reply = await grant("edsger", { key: "welcome", ...change });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: "idempotency.mismatch" });
    expect(await recordedState()).toEqual(before);
  });

  it("keeps grant keys per customer: two customers may use the same key", async () => {
    await register("key-a", { email: "a@example.com" });
    await register("key-b", { email: "b@example.com" });
    expect((await grant("key-a", { key: "welcome", amount: 5, reason: "Welcome" })).status).toBe(201);
    expect((await grant("key-b", { key: "welcome", amount: 7, reason: "Welcome" })).status).toBe(201);
    expect((await balance("key-b")).body.balance).toEqual({ available: 7, held: 0, posted: 7 });
  });

  it("keeps grants of different customers apart even when id and key together read the same", async () => {
    await register("pair", { email: "pair@example.com" });
    await register("pair:b", { email: "pair-b@example.com" });
    expect((await grant("pair", { key: "b:c", amount: 5, reason: "Welcome" })).status).toBe(201);
    expect(await grant("pair:b", { key: "c", amount: 7, reason: "Other" })).toEqual({
      status: 201,
      body: { balance: { available: 7, held: 0, posted: 7 } },
    });
    expect((await balance("pair")).body.balance).toEqual({ available: 5, held: 0, posted: 5 });
  });

  it("still finds a grant written under the earlier key form, on its own customer only", async () => {
    await register("early", { email: "early@example.com" });
    await register("early:b", { email: "early-b@example.com" });
    await db.transaction((tx) =>
      recordTransfer(tx, {
        kind: "grant",
        idempotencyKey: "grant:early:b:c",
        customerId: "early",
        amount: 5,
        memo: "Welcome",
      }),
    );
    expect(await grant("early", { key: "b:c", amount: 5, reason: "Welcome" })).toEqual({
      status: 200,
      body: { balance: { available: 5, held: 0, posted: 5 } },
    });
    expect((await grant("early", { key: "b:c", amount: 6, reason: "Welcome" })).status).toBe(409);
    expect((await grant("early:b", { key: "c", amount: 5, reason: "Welcome" })).status).toBe(201);
  });

  it("accepts the largest amount, 10^9", async () => {
    await register("rich", { email: "rich@example.com" });
    const reply = await grant("rich", { key: "jackpot", amount: 1_000_000_000, reason: "Test" });
    expect(reply.body.balance).toEqual({ available: 1_000_000_000, held: 0, posted: 1_000_000_000 });
  });

  it("refuses a grant to an unknown customer with 404 customer.not_found and writes nothing", async () => {
    const before = await recordedState();
    const reply = await grant("nobody", { key: "welcome", amount: 5, reason: "Welcome" });
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: "customer.not_found" });
    expect(await recordedState()).toEqual(before);
  });
});

describe("GET /customers/{customerId}/balance", () => {
  it("answers 404 customer.not_found for an unknown customer", async () => {
    const reply = await balance("nobody");
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: "customer.not_found" });
  });
});
