import { describe, expect, it } from "vitest";
import { PUT as putCustomer } from "@/app/api/v1/customers/[customerId]/route";
import { GET as getBalance } from "@/app/api/v1/customers/[customerId]/balance/route";
import { POST as postGrant } from "@/app/api/v1/customers/[customerId]/grants/route";
import { hostApi, recordedState } from "../support/api";

const call = hostApi();

const register = (customerId: string, body: Record<string, unknown>) =>
  call(putCustomer, { params: { customerId }, body });
const grant = (customerId: string, body: Record<string, unknown>) => call(postGrant, { params: { customerId }, body });
const balance = (customerId: string) => call(getBalance, { params: { customerId } });

describe("PUT /customers/{customerId}", () => {
  it("creates a customer with 201, then answers the same call with 200 and the same customer", async () => {
    const body = { email: "ada@example.com", name: "Ada", createdAt: "2024-05-01T14:00:00+02:00" };
    const first = await register("ada", body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      customer: { id: "ada", email: "ada@example.com", name: "Ada", createdAt: "2024-05-01T12:00:00.000Z" },
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

  it("refuses the same id with different details with 409 idempotency.mismatch and changes nothing", async () => {
    await register("linus", { email: "linus@example.com" });
    const before = await recordedState();
    const reply = await register("linus", { email: "someone-else@example.com" });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: "idempotency.mismatch" });
    expect(await recordedState()).toEqual(before);
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
