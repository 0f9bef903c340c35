import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { adjustCreditsAction, changeStandingAction } from "@/app/admin/customers/actions";
import { db } from "@/db/client";
import { auditEvents, customers, ledgerAccounts, transfers } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { startGeneration } from "@/lib/generations/lifecycle";
import { creditHistory } from "@/lib/ledger/history";
import { form } from "../support/forms";
import { balanceOf } from "../support/ledger";
import { person } from "../support/people";
import { establishedCustomer, madeGeneration, report } from "../support/refunds";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

let adminId = "";

const admin = "ada@example.com";
const agent = "avery@example.com";

function adjustment(
  customerId: string,
  fields: Partial<Record<"direction" | "amount" | "reason" | "key", string>> = {},
) {
  return form({ customerId, direction: "out", amount: "5", reason: "Duplicate grant", key: randomUUID(), ...fields });
}

/** Every row an admin's customer action can write or change. */
async function written() {
  return {
    customers: await db.select().from(customers).orderBy(asc(customers.id)),
    accounts: await db.select().from(ledgerAccounts).orderBy(asc(ledgerAccounts.id)),
    transfers: await db.select().from(transfers).orderBy(asc(transfers.id)),
    audit: await db.select().from(auditEvents).orderBy(asc(auditEvents.createdAt), asc(auditEvents.id)),
  };
}

async function adjustmentsOf(customerId: string) {
  const [account] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.customerId, customerId));
  return db
    .select()
    .from(transfers)
    .where(and(eq(transfers.customerAccountId, account!.id), eq(transfers.kind, "adjustment")));
}

const auditFor = (customerId: string) =>
  db.select().from(auditEvents).where(eq(auditEvents.targetId, customerId)).orderBy(asc(auditEvents.createdAt));

beforeAll(async () => {
  adminId = (await person(admin, "admin")).id;
  await person(agent, "agent");
  await establishedCustomer("adm-casey", 40);
  await person("casey@example.com", "customer", { customerId: "adm-casey" });
});

beforeEach(() => signedInAs(admin));

describe("adjusting credits", () => {
  it("adds credits with one transfer and one audit event, and the customer reads the reason in their history", async () => {
    await establishedCustomer("adm-up", 10);

    const state = await adjustCreditsAction(
      idleState,
      adjustment("adm-up", { direction: "in", amount: "25", reason: "Goodwill for the outage" }),
    );

    expect(state).toEqual({ status: "success", message: "Added 25 credits: 35 credits available now." });
    expect(await balanceOf("adm-up")).toEqual({ available: 35, held: 0, posted: 35 });
    const [transfer] = await adjustmentsOf("adm-up");
    expect(transfer).toMatchObject({
      amount: 25,
      memo: "Goodwill for the outage",
      actorId: adminId,
      availableAfter: 35,
    });
    const [event] = await auditFor("adm-up");
    expect(event).toMatchObject({
      action: "customer.credits_adjusted",
      actorId: adminId,
      targetType: "customer",
      before: { available: 10, held: 0, posted: 10 },
      after: {
        available: 35,
        held: 0,
        posted: 35,
        change: 25,
        reason: "Goodwill for the outage",
        transferId: transfer!.id,
      },
    });
    const { entries } = await creditHistory("adm-up", {});
    expect(entries[0]).toMatchObject({
      text: "Adjusted by an admin: Goodwill for the outage",
      change: 25,
      availableAfter: 35,
    });
  });

  it("removes credits down to exactly zero", async () => {
    await establishedCustomer("adm-down", 12);
    const state = await adjustCreditsAction(idleState, adjustment("adm-down", { amount: "12" }));
    expect(state).toMatchObject({ status: "success", message: "Removed 12 credits: 0 credits available now." });
    expect(await balanceOf("adm-down")).toEqual({ available: 0, held: 0, posted: 0 });
  });

  it("refuses to make available credits negative, counting what generations hold, and writes nothing", async () => {
    await establishedCustomer("adm-short", 10);
    await startGeneration({
      id: "adm-short-running",
      customerId: "adm-short",
      feature: "recolor",
      platform: "web",
      context: "editor",
      cost: 4,
    });
    const before = await written();

    const state = await adjustCreditsAction(idleState, adjustment("adm-short", { amount: "7" }));

    expect(state).toEqual({
      status: "error",
      code: "credits.insufficient",
      message: "Only 6 credits are available, so at most 6 can be taken away.",
      fieldErrors: { amount: "Only 6 credits are available, so at most 6 can be taken away." },
    });
    expect(await written()).toEqual(before);
    expect(await balanceOf("adm-short")).toEqual({ available: 6, held: 4, posted: 10 });
  });

  it("makes one transfer of a form submitted twice, at once and again later, and answers each like the first", async () => {
    await establishedCustomer("adm-twice", 30);
    const fields = adjustment("adm-twice", { amount: "8" });

    const answers = await Promise.all([adjustCreditsAction(idleState, fields), adjustCreditsAction(idleState, fields)]);
    const again = await adjustCreditsAction(idleState, fields);

    for (const answer of [...answers, again]) {
      expect(answer).toEqual({ status: "success", message: "Removed 8 credits: 22 credits available now." });
    }
    expect(await adjustmentsOf("adm-twice")).toHaveLength(1);
    expect(await auditFor("adm-twice")).toHaveLength(1);
    expect(await balanceOf("adm-twice")).toEqual({ available: 22, held: 0, posted: 22 });
  });

  it("refuses a form's key reused for a different adjustment, and writes nothing", async () => {
    await establishedCustomer("adm-reuse", 30);
    const key = randomUUID();
    await adjustCreditsAction(idleState, adjustment("adm-reuse", { key, amount: "3" }));
    const before = await written();

    const state = await adjustCreditsAction(idleState, adjustment("adm-reuse", { key, amount: "4" }));

    expect(state).toMatchObject({ status: "error", code: "idempotency.mismatch" });
    expect(await written()).toEqual(before);
  });
});

describe("suspending and reinstating", () => {
  it("suspends with a reason, after which refund requests are refused with account.suspended; reinstating lifts it", async () => {
    await establishedCustomer("adm-suspend", 40);
    await madeGeneration("adm-suspend", "adm-suspend-1");
    await madeGeneration("adm-suspend", "adm-suspend-2");

    const suspended = await changeStandingAction(
      idleState,
      form({ customerId: "adm-suspend", standing: "suspended", reason: "Chargeback on the last purchase" }),
    );

    expect(suspended).toMatchObject({ status: "success" });
    const [row] = await db.select().from(customers).where(eq(customers.id, "adm-suspend"));
    expect(row!.suspendedAt).toBeInstanceOf(Date);
    const refused = await report("adm-suspend", "adm-suspend-1");
    expect(refused).toMatchObject({ status: "denied", decisionCode: "account.suspended" });

    const reinstated = await changeStandingAction(
      idleState,
      form({ customerId: "adm-suspend", standing: "reinstated", reason: "The bank reversed the chargeback" }),
    );

    expect(reinstated).toMatchObject({ status: "success" });
    const [after] = await db.select().from(customers).where(eq(customers.id, "adm-suspend"));
    expect(after!.suspendedAt).toBeNull();
    const accepted = await report("adm-suspend", "adm-suspend-2");
    expect(accepted.decisionCode).not.toBe("account.suspended");
    const events = await auditFor("adm-suspend");
    expect(events.map((event) => event.action)).toEqual(["customer.suspended", "customer.reinstated"]);
    expect(events[0]).toMatchObject({
      actorId: adminId,
      before: { suspendedAt: null },
      after: { suspendedAt: row!.suspendedAt!.toISOString(), reason: "Chargeback on the last purchase" },
    });
    expect(events[1]).toMatchObject({
      before: { suspendedAt: row!.suspendedAt!.toISOString() },
      after: { suspendedAt: null, reason: "The bank reversed the chargeback" },
    });
  });

  it("refuses to suspend a suspended customer again, and writes nothing", async () => {
    await establishedCustomer("adm-again", 5);
    await changeStandingAction(idleState, form({ customerId: "adm-again", standing: "suspended", reason: "Fraud" }));
    const before = await written();

    const state = await changeStandingAction(
      idleState,
      form({ customerId: "adm-again", standing: "suspended", reason: "Fraud" }),
    );

    expect(state).toMatchObject({ status: "error", code: "customer.already_suspended" });
    expect(await written()).toEqual(before);
  });
});

describe("who may act, and what they may send", () => {
  const standing = (fields: Record<string, string> = {}) =>
    form({ customerId: "adm-casey", standing: "suspended", reason: "Chargeback", ...fields });

  const calls = [
    {
      name: "an adjustment",
      call: (fields?: Record<string, string>) => adjustCreditsAction(idleState, adjustment("adm-casey", fields)),
    },
    {
      name: "a suspension",
      call: (fields?: Record<string, string>) => changeStandingAction(idleState, standing(fields)),
    },
  ];

  const outsiders = [
    { who: agent, code: "auth.forbidden" },
    { who: "casey@example.com", code: "auth.forbidden" },
    { who: null, code: "auth.required" },
  ];

  for (const { name, call } of calls) {
    it.each(outsiders)(`refuses ${name} by $who with $code, and writes nothing`, async ({ who, code }) => {
      signedInAs(who);
      const before = await written();

      const state = await call();

      expect(state).toMatchObject({ status: "error", code });
      expect(await written()).toEqual(before);
    });
  }

  const badAdjustments: { name: string; fields: Record<string, string>; field: string }[] = [
    { name: "no amount", fields: { amount: "" }, field: "amount" },
    { name: "an amount of 0", fields: { amount: "0" }, field: "amount" },
    { name: "a negative amount", fields: { amount: "-5" }, field: "amount" },
    { name: "a fractional amount", fields: { amount: "1.5" }, field: "amount" },
    { name: "an amount over a million", fields: { amount: "1000001" }, field: "amount" },
    { name: "a word for an amount", fields: { amount: "lots" }, field: "amount" },
    { name: "a blank reason", fields: { reason: "   " }, field: "reason" },
    { name: "a reason over 500 characters", fields: { reason: "x".repeat(501) }, field: "reason" },
    { name: "an unknown direction", fields: { direction: "sideways" }, field: "direction" },
    { name: "a key that is not a uuid", fields: { key: "again" }, field: "key" },
  ];

  it.each(badAdjustments)(
    "answers an adjustment with $name by a message for $field, and writes nothing",
    async ({ fields, field }) => {
      const before = await written();

      const state = await adjustCreditsAction(idleState, adjustment("adm-casey", fields));

      expect(state).toMatchObject({
        status: "error",
        code: "validation.failed",
        fieldErrors: { [field]: expect.any(String) },
      });
      expect(await written()).toEqual(before);
    },
  );

  it("answers a suspension without a reason by a message for the reason, and writes nothing", async () => {
    const before = await written();
    const state = await changeStandingAction(idleState, form({ customerId: "adm-casey", standing: "suspended" }));
    expect(state).toMatchObject({
      status: "error",
      code: "validation.failed",
      fieldErrors: { reason: "Give a reason." },
    });
    expect(await written()).toEqual(before);
  });

  it("says so when the customer does not exist, and writes nothing", async () => {
    const before = await written();
    const adjusted = await adjustCreditsAction(idleState, adjustment("adm-nobody"));
    const suspended = await changeStandingAction(
      idleState,
      form({ customerId: "adm-nobody", standing: "suspended", reason: "Fraud" }),
    );
    expect(adjusted).toMatchObject({ status: "error", code: "customer.not_found" });
    expect(suspended).toMatchObject({ status: "error", code: "customer.not_found" });
    expect(await written()).toEqual(before);
  });
});
