import { beforeAll, describe, expect, it, vi } from "vitest";
import { reportBadResultAction } from "@/app/(customer)/actions";
import { auditEvents, notifications, refundRequests, transfers } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { form } from "../support/forms";
import { balanceOf } from "../support/ledger";
import { person } from "../support/people";
import { establishedCustomer, madeGeneration } from "../support/refunds";
import { rowsOf } from "../support/rows";
import { signedInAs } from "../support/session";

vi.mock("@/lib/auth/session", () => import("../support/session"));

const details = "The mug handle is missing and the logo is mirrored";

const written = () => rowsOf({ requests: refundRequests, transfers, notifications, audit: auditEvents });

beforeAll(async () => {
  await establishedCustomer("web-casey", 40);
  await establishedCustomer("web-robin", 40);
  await person("casey@example.com", "customer", { customerId: "web-casey" });
  await person("robin@example.com", "customer", { customerId: "web-robin" });
  await person("avery@example.com", "agent");
  await madeGeneration("web-robin", "web-robin-1", { cost: 3 });
});

describe("the Bad result action", () => {
  it("reports the customer's own result and says how many credits came back", async () => {
    await madeGeneration("web-casey", "web-casey-1", { cost: 4 });
    signedInAs("casey@example.com");
    const before = await balanceOf("web-casey");

    const state = await reportBadResultAction(
      idleState,
      form({ generationId: "web-casey-1", reason: "incomplete", details }),
    );

    expect(state).toEqual({ status: "success", outcome: "approved", message: "4 credits refunded" });
    expect(await balanceOf("web-casey")).toMatchObject({ available: before.available + 4 });
    const [request] = (await written()).requests.filter((row) => row.generationId === "web-casey-1");
    expect(request).toMatchObject({ source: "web", reason: "incomplete", details });
  });

  it("tells the customer why a result is not refunded", async () => {
    await madeGeneration("web-casey", "web-casey-shadows", { feature: "ai_shadows" });
    signedInAs("casey@example.com");
    const state = await reportBadResultAction(
      idleState,
      form({ generationId: "web-casey-shadows", reason: "artifacts", details }),
    );
    expect(state).toEqual({
      status: "success",
      outcome: "denied",
      message: "AI Shadows results made on Web aren't covered by refunds. Thank you for your feedback.",
    });
  });

  const refused: { name: string; who: string | null; fields: Record<string, string>; code: string; field?: string }[] =
    [
      {
        name: "an anonymous visitor",
        who: null,
        fields: { generationId: "web-robin-1", reason: "blurry", details },
        code: "auth.required",
      },
      {
        name: "an agent",
        who: "avery@example.com",
        fields: { generationId: "web-robin-1", reason: "blurry", details },
        code: "auth.forbidden",
      },
      {
        name: "another customer",
        who: "casey@example.com",
        fields: { generationId: "web-robin-1", reason: "blurry", details },
        code: "generation.not_found",
      },
      {
        name: "a missing reason",
        who: "robin@example.com",
        fields: { generationId: "web-robin-1", details },
        code: "validation.failed",
        field: "reason",
      },
      {
        name: "an unknown reason",
        who: "robin@example.com",
        fields: { generationId: "web-robin-1", reason: "meh", details },
        code: "validation.failed",
        field: "reason",
      },
      {
        name: "blank details",
        who: "robin@example.com",
        fields: { generationId: "web-robin-1", reason: "blurry", details: "    " },
        code: "validation.failed",
        field: "details",
      },
      {
        name: "details over 2000 characters",
        who: "robin@example.com",
        fields: { generationId: "web-robin-1", reason: "blurry", details: "y".repeat(2001) },
        code: "validation.failed",
        field: "details",
      },
      {
        name: "details under the minimum",
        who: "robin@example.com",
        fields: { generationId: "web-robin-1", reason: "blurry", details: "it looks bad" },
        code: "validation.failed",
        field: "details",
      },
    ];

  it.each(refused)("refuses $name with $code and writes nothing", async ({ who, fields, code, field }) => {
    signedInAs(who);
    const before = await written();

    const state = await reportBadResultAction(idleState, form(fields));

    expect(state).toMatchObject({ status: "error", code });
    if (field) expect(state).toMatchObject({ fieldErrors: { [field]: expect.any(String) } });
    expect(await written()).toEqual(before);
  });
});
