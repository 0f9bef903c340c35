import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, notifications, refundRequests, transfers } from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { isDomainError } from "@/lib/errors";
import { claimNextRequest, claimRequest, skipRequest } from "@/lib/support/claims";
import { decideRequest, decideRequests } from "@/lib/support/decide";
import { balanceOf, settle, widePool } from "../support/ledger";
import { staffMember } from "../support/people";
import { madeGeneration, report } from "../support/refunds";

/** A young account, so the policy sends every report of it to review. */
async function reviewedCustomer(id: string, credits = 100) {
  await registerCustomer(id, { email: `${id}@example.com` });
  await grantCredits(id, { key: "opening", amount: credits, reason: "Opening balance" });
}

async function inReview(customerId: string, generationId: string, cost = 4) {
  await madeGeneration(customerId, generationId, { cost });
  const request = await report(customerId, generationId);
  expect(request.status).toBe("in_review");
  return request;
}

const refundsOf = (generationId: string) =>
  db
    .select()
    .from(transfers)
    .where(and(eq(transfers.generationId, generationId), eq(transfers.kind, "refund")));

describe("claims", () => {
  const pool = widePool(10);
  afterAll(() => pool.sql.end({ timeout: 5 }));

  it("two agents starting to review at the same moment get different requests", async () => {
    await reviewedCustomer("claim-race");
    const first = await inReview("claim-race", "claim-race-1");
    const second = await inReview("claim-race", "claim-race-2");
    const [ada, bo] = [await staffMember("Claim Ada"), await staffMember("Claim Bo")];

    const claimed = await Promise.all([
      claimNextRequest(ada, new Date(), pool.db),
      claimNextRequest(bo, new Date(), pool.db),
    ]);

    expect(new Set(claimed)).toEqual(new Set([first.id, second.id]));
    const rows = await db.select().from(refundRequests).where(eq(refundRequests.customerId, "claim-race"));
    expect(new Set(rows.map((row) => row.claimedBy))).toEqual(new Set([ada.id, bo.id]));
  });

  it("ten agents at once never share a request, and the ones left over get nothing", async () => {
    await reviewedCustomer("claim-crowd");
    const requests = [];
    for (const n of [1, 2, 3]) requests.push(await inReview("claim-crowd", `claim-crowd-${n}`));
    const agents = [];
    for (let n = 0; n < 10; n += 1) agents.push(await staffMember(`Crowd Agent ${n}`));

    const claimed = await Promise.all(agents.map((one) => claimNextRequest(one, new Date(), pool.db)));

    const taken = claimed.filter((id): id is string => id !== null);
    expect(taken.sort()).toEqual(requests.map((request) => request.id).sort());
    expect(claimed.filter((id) => id === null)).toHaveLength(7);
  });

  it("a lease that ran out can be taken by another agent, and a skipped request is not offered again", async () => {
    await reviewedCustomer("claim-lease");
    const request = await inReview("claim-lease", "claim-lease-1");
    const [cy, di] = [await staffMember("Lease Cy"), await staffMember("Lease Di")];

    expect(await claimRequest(cy, request.id)).toBe(true);
    expect(await claimRequest(di, request.id)).toBe(false);
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await claimRequest(di, request.id, later)).toBe(true);

    await skipRequest(di, request.id, "Needs a colleague who knows video");
    const [row] = await db.select().from(refundRequests).where(eq(refundRequests.id, request.id));
    expect(row).toMatchObject({ claimedBy: null, claimExpiresAt: null });
    const offered = await claimNextRequest(di);
    expect(offered).not.toBe(request.id);
    await expect(skipRequest(di, "00000000-0000-4000-8000-000000000000", "Gone")).rejects.toMatchObject({
      code: "refund_request.not_found",
    });
  });
});

describe("decisions", () => {
  const pool = widePool(20);
  afterAll(() => pool.sql.end({ timeout: 5 }));

  it("twenty agents approving one request at once make one refund, and the others learn who decided it", async () => {
    await reviewedCustomer("decide-race", 50);
    const request = await inReview("decide-race", "decide-race-gen", 6);
    const agents = [];
    for (let n = 0; n < 20; n += 1) agents.push(await staffMember(`Racer ${n}`));
    const before = await balanceOf("decide-race");

    const { fulfilled, rejected } = await settle(
      agents.map((one) => decideRequest(one, request.id, { outcome: "approve" }, pool.db)),
    );

    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    const winner = agents.find((one) => one.id === fulfilled[0]!.deciderId)!;
    for (const error of rejected) {
      expect(isDomainError(error) && error.code).toBe("refund.already_decided");
      expect((error as Error).message).toMatch(
        new RegExp(`^Already decided by ${winner.name} at .+ UTC: refunded\\.$`),
      );
    }
    expect(await refundsOf("decide-race-gen")).toMatchObject([{ amount: 6, actorId: winner.id }]);
    expect(await balanceOf("decide-race")).toEqual({
      ...before,
      available: before.available + 6,
      posted: before.posted + 6,
    });
    expect(await db.select().from(notifications).where(eq(notifications.customerId, "decide-race"))).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, request.id), eq(auditEvents.action, "refund_request.decided")));
    expect(audits).toHaveLength(1);
  });

  it("a denial moves no credits and tells the customer why", async () => {
    await reviewedCustomer("decide-deny");
    const request = await inReview("decide-deny", "decide-deny-gen");
    const eve = await staffMember("Deny Eve");
    const before = await balanceOf("decide-deny");

    const denied = await decideRequest(eve, request.id, {
      outcome: "deny",
      reason: "not_clearly_unusable",
      message: "The shadow is soft by design; the product is intact.",
    });

    expect(denied).toMatchObject({
      status: "denied",
      decisionCode: "review.not_clearly_unusable",
      decidedBy: "agent",
      deciderId: eve.id,
      creditsRefunded: 0,
      decisionMessage: "The shadow is soft by design; the product is intact. Thank you for your feedback.",
    });
    expect(await refundsOf("decide-deny-gen")).toEqual([]);
    expect(await balanceOf("decide-deny")).toEqual(before);
    expect(await db.select().from(notifications).where(eq(notifications.customerId, "decide-deny"))).toMatchObject([
      { title: "Not refunded: Virtual Model", body: denied.decisionMessage },
    ]);
  });

  it("a request the policy already decided cannot be decided again", async () => {
    await registerCustomer("decide-policy", {
      email: "decide-policy@example.com",
      createdAt: new Date(Date.now() - 90 * 86_400_000),
    });
    await grantCredits("decide-policy", { key: "opening", amount: 20, reason: "Opening balance" });
    await madeGeneration("decide-policy", "decide-policy-gen");
    const request = await report("decide-policy", "decide-policy-gen");
    expect(request.status).toBe("approved");
    const fay = await staffMember("Policy Fay");
    await expect(decideRequest(fay, request.id, { outcome: "approve" })).rejects.toMatchObject({
      code: "refund.already_decided",
      message: expect.stringMatching(/^Already decided by the refund policy at /),
    });
    expect(await refundsOf("decide-policy-gen")).toHaveLength(1);
  });

  it("bulk decisions decide each request on its own and report each outcome", async () => {
    await reviewedCustomer("decide-bulk", 100);
    const requests = [];
    for (const n of [1, 2, 3]) requests.push(await inReview("decide-bulk", `decide-bulk-${n}`, 2));
    const gus = await staffMember("Bulk Gus");
    await decideRequest(gus, requests[1]!.id, {
      outcome: "deny",
      reason: "misuse",
      message: "Reported three times for the same output.",
    });

    const results = await decideRequests(
      gus,
      requests.map((request) => request.id),
      { outcome: "approve" },
    );

    expect(results).toEqual([
      { id: requests[0]!.id, status: "approved" },
      {
        id: requests[1]!.id,
        code: "refund.already_decided",
        message: expect.stringMatching(/^Already decided by Bulk Gus/),
      },
      { id: requests[2]!.id, status: "approved" },
    ]);
  });
});
