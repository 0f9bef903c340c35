import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getQueue } from "@/app/api/support/queue/route";
import { addNoteAction, decideAction, decideManyAction, reviewNextAction, skipAction } from "@/app/support/actions";
import { auditEvents, notifications, refundRequests, requestNotes, reviewSkips, transfers } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { form } from "../support/forms";
import { person } from "../support/people";
import { madeGeneration, report } from "../support/refunds";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const customer = "access-customer@example.com";
const admin = "access-admin@example.com";
let pendingId = "";

const written = () =>
  rowsOf({
    requests: refundRequests,
    transfers,
    notifications,
    notes: requestNotes,
    skips: reviewSkips,
    audit: auditEvents,
  });

beforeAll(async () => {
  await registerCustomer("access-customer", { email: "access-customer@example.com" });
  await grantCredits("access-customer", { key: "opening", amount: 50, reason: "Opening balance" });
  await madeGeneration("access-customer", "access-gen");
  pendingId = (await report("access-customer", "access-gen")).id;
  await person(customer, "customer", { customerId: "access-customer" });
  await person(admin, "admin", { name: "Ada" });
});

const actions = [
  { name: "approve", run: () => decideAction(idleState, form({ requestId: pendingId, outcome: "approve" })) },
  {
    name: "deny",
    run: () =>
      decideAction(idleState, form({ requestId: pendingId, outcome: "deny", reason: "misuse", message: "No." })),
  },
  { name: "bulk approve", run: () => decideManyAction(idleState, form({ requestIds: pendingId, outcome: "approve" })) },
  { name: "skip", run: () => skipAction(idleState, form({ requestId: pendingId, reason: "Not mine" })) },
  { name: "note", run: () => addNoteAction(idleState, form({ requestId: pendingId, body: "Looks fine to me" })) },
  { name: "start reviewing", run: () => reviewNextAction(idleState, form({})) },
];

describe("the review queue's actions", () => {
  it.each(actions)("refuse a customer's $name and write nothing", async ({ run }) => {
    signedInAs(customer);
    const before = await written();
    expect(await run()).toMatchObject({ status: "error", code: "auth.forbidden" });
    expect(await written()).toEqual(before);
  });

  it.each(actions)("refuse an anonymous $name and write nothing", async ({ run }) => {
    signedInAs(null);
    const before = await written();
    expect(await run()).toMatchObject({ status: "error", code: "auth.required" });
    expect(await written()).toEqual(before);
  });

  it("let an admin decide", async () => {
    signedInAs(admin);
    expect(await decideAction(idleState, form({ requestId: pendingId, outcome: "approve" }))).toMatchObject({
      status: "success",
      outcome: "approved",
    });
  });
});

describe("the queue route", () => {
  const call = () => getQueue(new Request("http://makegood.test/api/support/queue"), { params: Promise.resolve({}) });

  it("refuses a customer with 403", async () => {
    signedInAs(customer);
    const response = await call();
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "auth.forbidden" } });
  });

  it("answers an admin with the queue", async () => {
    signedInAs(admin);
    const response = await call();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ counts: { pending: expect.any(Number) } });
  });
});
