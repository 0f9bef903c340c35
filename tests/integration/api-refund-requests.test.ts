import { beforeAll, describe, expect, it } from "vitest";
import { POST as postRefundRequest } from "@/pages/api/v1/refund-requests";
import { GET as getRefundRequest } from "@/pages/api/v1/refund-requests/[id]";
import { db } from "@/db/client";
import { notifications, refundRequests } from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { decideRequest } from "@/lib/support/decide";
import { hostApi, recordedState } from "../support/api";
import { balanceOf } from "../support/ledger";
import { staffMember } from "../support/people";
import { establishedCustomer, madeGeneration } from "../support/refunds";

const call = hostApi();

const details = "The sofa legs are distorted and don't match the original";
const file = (body: Record<string, unknown>) => call(postRefundRequest, { body });
const read = (id: string) => call(getRefundRequest, { params: { id } });

/** Everything a refused request could have written. */
async function everything() {
  return {
    ...(await recordedState()),
    requests: await db.select().from(refundRequests),
    notifications: await db.select().from(notifications),
  };
}

describe("POST /refund-requests", () => {
  beforeAll(() => establishedCustomer("api-refuse-other"));

  it("files a report for the customer and answers 201 with the decided request", async () => {
    await establishedCustomer("api-approve", 30);
    await madeGeneration("api-approve", "api-approve-gen", { cost: 5 });

    const reply = await file({
      generationId: "api-approve-gen",
      customerId: "api-approve",
      reason: "artifacts",
      details,
    });

    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      request: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        generationId: "api-approve-gen",
        customerId: "api-approve",
        reason: "artifacts",
        details,
        status: "approved",
        decision: {
          code: "refund.approved",
          message: "We refunded 5 credits. Thank you for your feedback.",
          decidedBy: "policy",
        },
        creditsRefunded: 5,
        policyVersion: 1,
        createdAt: expect.any(String),
        decidedAt: expect.any(String),
      },
    });
    expect(await balanceOf("api-approve")).toMatchObject({ available: 30 });
  });

  it("creates a denied request with its reason code, and a second report gets 409 refund.duplicate", async () => {
    await establishedCustomer("api-deny");
    await madeGeneration("api-deny", "api-deny-gen", { feature: "ai_shadows", platform: "ios" });

    const first = await file({ generationId: "api-deny-gen", customerId: "api-deny", reason: "other", details });
    expect(first).toMatchObject({
      status: 201,
      body: {
        request: {
          status: "denied",
          creditsRefunded: 0,
          decision: { code: "feature.not_eligible", decidedBy: "policy" },
        },
      },
    });

    const before = await everything();
    const second = await file({ generationId: "api-deny-gen", customerId: "api-deny", reason: "other", details });
    // The existing request's id, so that a host that timed out on the first report can read its decision.
    const { id } = (first.body as { request: { id: string } }).request;
    expect(second).toEqual({
      status: 409,
      body: { error: { code: "refund.duplicate", message: expect.any(String), requestId: id } },
    });
    expect(await everything()).toEqual(before);
  });

  it("shows a request in review with no decision yet", async () => {
    await registerCustomer("api-review", { email: "api-review@example.com" });
    await grantCredits("api-review", { key: "opening", amount: 20, reason: "Opening balance" });
    await madeGeneration("api-review", "api-review-gen", { cost: 10 });
    const reply = await file({ generationId: "api-review-gen", customerId: "api-review", reason: "blurry", details });
    // The account signed up just now, and young accounts are reviewed by a person.
    expect(reply).toMatchObject({
      status: 201,
      body: { request: { status: "in_review", decision: null, creditsRefunded: 0, decidedAt: null } },
    });
  });

  const refusals: {
    name: string;
    body: (ids: { generationId: string; customerId: string }) => Record<string, unknown>;
    status: number;
    code: string;
    field?: string;
  }[] = [
    {
      name: "another customer's generation",
      body: (ids) => ({ ...ids, customerId: "api-refuse-other", reason: "blurry", details }),
      status: 404,
      code: "generation.not_found",
    },
    {
      name: "an unknown generation",
      body: (ids) => ({ ...ids, generationId: "nope", reason: "blurry", details }),
      status: 404,
      code: "generation.not_found",
    },
    {
      name: "an unknown reason",
      body: (ids) => ({ ...ids, reason: "ugly", details }),
      status: 422,
      code: "validation.failed",
      field: "reason",
    },
    {
      name: "details over 2000 characters",
      body: (ids) => ({ ...ids, reason: "blurry", details: "x".repeat(2001) }),
      status: 422,
      code: "validation.failed",
      field: "details",
    },
    {
      name: "details under the policy's minimum",
      body: (ids) => ({ ...ids, reason: "blurry", details: "bad" }),
      status: 422,
      code: "validation.failed",
      field: "details",
    },
    {
      name: "details that are not text",
      body: (ids) => ({ ...ids, reason: "blurry", details: 42 }),
      status: 422,
      code: "validation.failed",
      field: "details",
    },
    {
      name: "a missing customer id",
      body: ({ generationId }) => ({ generationId, reason: "blurry", details }),
      status: 422,
      code: "validation.failed",
      field: "customerId",
    },
  ];

  it.each(refusals)("refuses $name with $status $code and writes nothing", async (refusal) => {
    const { body, status, code, field } = refusal;
    const customerId = `api-refuse-${refusals.indexOf(refusal)}`;
    await establishedCustomer(customerId);
    await madeGeneration(customerId, `${customerId}-gen`);
    const before = await everything();

    const reply = await file(body({ generationId: `${customerId}-gen`, customerId }));

    expect(reply.status).toBe(status);
    expect(reply.body.error).toMatchObject({ code, ...(field ? { field } : {}), message: expect.any(String) });
    expect(await everything()).toEqual(before);
  });

  it("refuses a running generation with 409 generation.not_finished and records nothing", async () => {
    await establishedCustomer("api-running");
    await madeGeneration("api-running", "api-running-gen", {}, {});
    const before = await everything();
    const reply = await file({ generationId: "api-running-gen", customerId: "api-running", reason: "blurry", details });
    expect(reply).toMatchObject({ status: 409, body: { error: { code: "generation.not_finished" } } });
    expect(await everything()).toEqual(before);
  });

  it("refuses a call without a valid API key", async () => {
    const reply = await call(postRefundRequest, {
      body: { generationId: "x", customerId: "y", reason: "blurry", details },
      authorization: "Bearer wrong",
    });
    expect(reply).toMatchObject({ status: 401, body: { error: { code: "auth.invalid_api_key" } } });
  });
});

describe("GET /refund-requests/{id}", () => {
  it("returns the request as it was filed", async () => {
    await establishedCustomer("api-read");
    await madeGeneration("api-read", "api-read-gen");
    const filed = await file({ generationId: "api-read-gen", customerId: "api-read", reason: "incomplete", details });
    const id = (filed.body as { request: { id: string } }).request.id;
    const reply = await read(id);
    expect(reply).toEqual({ status: 200, body: filed.body });
  });

  it("shows an agent's later decision", async () => {
    await registerCustomer("api-agent", { email: "api-agent@example.com" });
    await grantCredits("api-agent", { key: "opening", amount: 20, reason: "Opening balance" });
    await madeGeneration("api-agent", "api-agent-gen", { cost: 3 });
    const filed = await file({ generationId: "api-agent-gen", customerId: "api-agent", reason: "blurry", details });
    const id = (filed.body as { request: { id: string } }).request.id;
    await decideRequest(await staffMember("Avery"), id, { outcome: "approve" });

    const reply = await read(id);

    expect(reply).toMatchObject({
      status: 200,
      body: {
        request: {
          status: "approved",
          creditsRefunded: 3,
          decision: {
            code: "review.approved",
            decidedBy: "agent",
            message: "We reviewed your report and refunded 3 credits. Thank you for your feedback.",
          },
          decidedAt: expect.any(String),
        },
      },
    });
  });

  it.each(["00000000-0000-4000-8000-000000000000", "not-a-uuid"])("answers 404 for %s", async (id) => {
    const reply = await read(id);
    expect(reply).toMatchObject({ status: 404, body: { error: { code: "refund_request.not_found" } } });
  });
});
