import "server-only";
import { and, asc, eq, gt, isNull, lt, notExists, or, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { refundRequests, reviewSkips } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { refundRequestById } from "@/lib/refunds/queries";
import { policyInForce } from "@/lib/policy/versions";

/** Free to take: nobody holds it, the holder's lease ran out, or the agent holds it already. */
function claimableBy(agentId: string, now: Date) {
  return or(
    isNull(refundRequests.claimedBy),
    lt(refundRequests.claimExpiresAt, now),
    eq(refundRequests.claimedBy, agentId),
  );
}

async function leaseEnd(tx: Executor, now: Date): Promise<Date> {
  const { claimLeaseMinutes } = (await policyInForce(tx)).operations;
  return new Date(now.getTime() + claimLeaseMinutes * 60_000);
}

/**
 * Review mode's "next": the agent's own open claim if there is one, or else the oldest pending request
 * nobody holds and this agent has not skipped. SKIP LOCKED lets agents asking at the same moment each
 * take a different request instead of queueing behind one row.
 */
export async function claimNextRequest(
  agent: CurrentUser,
  now = new Date(),
  executor: Executor = db,
): Promise<string | null> {
  return executor.transaction(async (tx) => {
    const [held] = await tx
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(
        and(
          eq(refundRequests.status, "in_review"),
          eq(refundRequests.claimedBy, agent.id),
          gt(refundRequests.claimExpiresAt, now),
        ),
      )
      .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
      .limit(1);
    const until = await leaseEnd(tx, now);
    if (held) {
      await tx.update(refundRequests).set({ claimExpiresAt: until }).where(eq(refundRequests.id, held.id));
      return held.id;
    }
    const [next] = await tx
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(
        and(
          eq(refundRequests.status, "in_review"),
          claimableBy(agent.id, now),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(reviewSkips)
              .where(and(eq(reviewSkips.requestId, refundRequests.id), eq(reviewSkips.agentId, agent.id))),
          ),
        ),
      )
      .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!next) return null;
    await tx
      .update(refundRequests)
      .set({ claimedBy: agent.id, claimExpiresAt: until })
      .where(eq(refundRequests.id, next.id));
    return next.id;
  });
}

/** Opening a request from the list takes it too, unless another agent's lease still holds it. */
export async function claimRequest(
  agent: CurrentUser,
  requestId: string,
  now = new Date(),
  executor: Executor = db,
): Promise<boolean> {
  return executor.transaction(async (tx) => {
    const claimed = await tx
      .update(refundRequests)
      .set({ claimedBy: agent.id, claimExpiresAt: await leaseEnd(tx, now) })
      .where(and(eq(refundRequests.id, requestId), eq(refundRequests.status, "in_review"), claimableBy(agent.id, now)))
      .returning({ id: refundRequests.id });
    return claimed.length > 0;
  });
}

/** Passes on a request: the claim is let go, and review mode does not offer it to this agent again. */
export async function skipRequest(
  agent: CurrentUser,
  requestId: string,
  reason: string,
  executor: Executor = db,
): Promise<void> {
  await executor.transaction(async (tx) => {
    await refundRequestById(requestId, tx);
    await tx
      .insert(reviewSkips)
      .values({ requestId, agentId: agent.id, reason })
      .onConflictDoUpdate({
        target: [reviewSkips.agentId, reviewSkips.requestId],
        set: { reason, createdAt: new Date() },
      });
    await tx
      .update(refundRequests)
      .set({ claimedBy: null, claimExpiresAt: null })
      .where(and(eq(refundRequests.id, requestId), eq(refundRequests.claimedBy, agent.id)));
    await recordAudit(tx, {
      actorId: agent.id,
      action: "refund_request.skipped",
      targetType: "refund_request",
      targetId: requestId,
      after: { reason },
    });
  });
}
