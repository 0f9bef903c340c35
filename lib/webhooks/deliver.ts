import "server-only";
import { STATUS_CODES } from "node:http";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { OutboundFailure, outboundFetch } from "@/lib/http/outbound";
import { oneRow } from "@/lib/sql/one-row";
import { enqueueDelivery } from "./queue";
import { signedHeaders } from "./signing";

/** After the first attempt fails, the waits before each retry; after the last, the delivery has failed. */
export const retryDelaysMs = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600].map((s) => s * 1000);

const timeoutMs = 15_000;
/** Staff see the first lines of an answer; nothing a receiver says is worth more than this. */
const maxBodyBytes = 16 * 1024;
const shownBodyLines = 5;
const shownBodyChars = 1000;
/**
 * An attempt takes at most the timeout and two short transactions. One with no answer after this long
 * belongs to a process that was killed, and the queue only hands its job back after two minutes.
 */
const abandonedAfterMs = 60_000;

const interruptedSentence = "No answer was recorded: the app stopped during this attempt, so it was made again.";

/**
 * `queued`: a job's attempt, retried on the schedule. `test`: an admin's test event, sent once while
 * they wait, even to a disabled endpoint.
 */
export type AttemptMode = "queued" | "test";

export type AttemptResult = {
  delivered: boolean;
  responseStatus: number | null;
  /** A sentence for staff: what the endpoint answered, or why it did not. */
  outcome: string;
  responseBody: string | null;
};

type Claimed = {
  attemptId: string;
  url: string;
  endpointId: string;
  eventId: string;
  body: string;
  secrets: string[];
};

/** The secrets a delivery is signed with now: the current one, and the previous one while a rotation lasts. */
function secretsInForce(endpoint: typeof webhookEndpoints.$inferSelect, now: Date): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = endpoint;
  return previousSecret && previousSecretExpiresAt && previousSecretExpiresAt > now
    ? [secret, previousSecret]
    : [secret];
}

/**
 * Records the attempt before anything is sent, under the delivery's row lock, so that it is made once
 * and a process killed before the answer leaves a visible trace. An earlier attempt still without an
 * answer is either being made now, by another worker (this job comes back when it would be abandoned),
 * or was abandoned by a killed process: it is closed as such and the attempt is made again.
 */
async function claimAttempt(deliveryId: string, mode: AttemptMode): Promise<Claimed | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.id, deliveryId))
      .for("update", { of: webhookDeliveries });
    if (!row || row.delivery.status !== "pending" || row.endpoint.deletedAt) return null;
    if (!row.endpoint.enabled && mode === "queued") return null;
    const now = new Date();
    const [last] = await tx
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId))
      .orderBy(desc(webhookAttempts.number))
      .limit(1);
    if (last && !last.finishedAt) {
      const abandonedAt = new Date(last.startedAt.getTime() + abandonedAfterMs);
      if (abandonedAt > now) {
        await enqueueDelivery(tx, deliveryId, abandonedAt);
        return null;
      }
      await tx
        .update(webhookAttempts)
        .set({ finishedAt: now, outcome: interruptedSentence })
        .where(eq(webhookAttempts.id, last.id));
    }
    const number = row.delivery.attempts + 1;
    await tx
      .update(webhookDeliveries)
      .set({ attempts: number, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    const attempt = oneRow(
      await tx
        .insert(webhookAttempts)
        .values({ deliveryId, number, startedAt: now })
        .returning({ id: webhookAttempts.id }),
      "webhook attempt",
    );
    return {
      attemptId: attempt.id,
      url: row.endpoint.url,
      endpointId: row.endpoint.id,
      eventId: row.event.id,
      // json keeps the text it was given, so this is the body the event was written with, byte for byte.
      body: JSON.stringify(row.event.payload),
      secrets: secretsInForce(row.endpoint, now),
    };
  });
}

function firstLines(body: Buffer, truncated: boolean): string | null {
  const text = body.toString("utf8").split(/\r?\n/).slice(0, shownBodyLines).join("\n").trim();
  if (!text) return null;
  const shown = text.slice(0, shownBodyChars);
  return shown.length < text.length || truncated ? `${shown}…` : shown;
}

type Answer = { status: number | null; body: string | null; sentence: string | null; durationMs: number };

async function send(claimed: Claimed): Promise<Answer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const answer = await outboundFetch(claimed.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Makegood-Webhooks/1",
        ...signedHeaders(claimed.secrets, claimed.eventId, new Date(), claimed.body),
      },
      body: claimed.body,
      timeoutMs,
      maxBytes: maxBodyBytes,
    });
    return {
      status: answer.status,
      body: firstLines(answer.body, answer.truncated),
      sentence: null,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (!(error instanceof OutboundFailure)) console.error("Webhook delivery failed unexpectedly:", error);
    const sentence = error instanceof OutboundFailure ? error.sentence : "The request could not be completed.";
    return { status: null, body: null, sentence, durationMs: elapsed() };
  }
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

function outcomeOf(answer: Answer): string {
  if (answer.status === null) return answer.sentence ?? "The request could not be completed.";
  const answered = `${answer.status}${STATUS_CODES[answer.status] ? ` ${STATUS_CODES[answer.status]}` : ""}`;
  if (isSuccess(answer.status)) return `Delivered: the endpoint answered ${answered} in ${answer.durationMs} ms.`;
  if (answer.status === 410)
    return `The endpoint answered ${answered}: it was disabled, and its waiting deliveries failed.`;
  return `The endpoint answered ${answered}.`;
}

export const goneReason = "The endpoint answered 410 Gone, which asks for no more deliveries.";

/**
 * Disables an endpoint and fails the deliveries still waiting for it, in the caller's transaction,
 * which locks the endpoint before any delivery (the order every endpoint change takes).
 */
export async function stopEndpoint(tx: Executor, endpointId: string, reason: string, now = new Date()) {
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledAt: now, disabledReason: reason, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpointId));
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", nextAttemptAt: null })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")));
}

/**
 * Gives the attempt its answer and moves the delivery on: any 2xx delivers it, a 410 disables the
 * endpoint, anything else waits for the next retry on the schedule, or fails it after the last.
 */
async function recordAnswer(deliveryId: string, claimed: Claimed, answer: Answer, mode: AttemptMode) {
  const outcome = outcomeOf(answer);
  const now = new Date();
  await db.transaction(async (tx) => {
    if (answer.status === 410) {
      const [endpoint] = await tx
        .select({ enabled: webhookEndpoints.enabled })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, claimed.endpointId))
        .for("update");
      if (endpoint?.enabled) {
        await stopEndpoint(tx, claimed.endpointId, goneReason, now);
        await recordAudit(tx, {
          actorId: null,
          action: "webhook_endpoint.disabled",
          targetType: "webhook_endpoint",
          targetId: claimed.endpointId,
          before: { enabled: true },
          after: { enabled: false, reason: goneReason },
        });
      }
    }
    const [delivery] = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId))
      .for("update");
    const answered = await tx
      .update(webhookAttempts)
      .set({
        finishedAt: now,
        responseStatus: answer.status,
        outcome,
        responseBody: answer.body,
        durationMs: answer.durationMs,
      })
      .where(and(eq(webhookAttempts.id, claimed.attemptId), isNull(webhookAttempts.finishedAt)))
      .returning({ id: webhookAttempts.id });
    if (!delivery || answered.length === 0) return;
    const lastResponseStatus = answer.status ?? delivery.lastResponseStatus;
    if (isSuccess(answer.status)) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "delivered", deliveredAt: now, nextAttemptAt: null, lastResponseStatus })
        .where(eq(webhookDeliveries.id, deliveryId));
      return;
    }
    if (delivery.status !== "pending") {
      await tx.update(webhookDeliveries).set({ lastResponseStatus }).where(eq(webhookDeliveries.id, deliveryId));
      return;
    }
    const delay = mode === "queued" ? retryDelaysMs[delivery.scheduleStep] : undefined;
    if (delay === undefined) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "failed", nextAttemptAt: null, lastResponseStatus })
        .where(eq(webhookDeliveries.id, deliveryId));
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + delay);
    await tx
      .update(webhookDeliveries)
      .set({ scheduleStep: delivery.scheduleStep + 1, nextAttemptAt, lastResponseStatus })
      .where(eq(webhookDeliveries.id, deliveryId));
    // The job that made this attempt succeeds; the retry is a job of its own, so the queue adds no backoff.
    await enqueueDelivery(tx, deliveryId, nextAttemptAt);
  });
  return { delivered: isSuccess(answer.status), responseStatus: answer.status, outcome, responseBody: answer.body };
}

/**
 * Makes a delivery's next attempt, if it is still due one: signs the event, posts it (15 seconds at
 * most, outside any transaction) and records the answer. Null when there was nothing to attempt.
 */
export async function attemptDelivery(deliveryId: string, mode: AttemptMode): Promise<AttemptResult | null> {
  const claimed = await claimAttempt(deliveryId, mode);
  if (!claimed) return null;
  return recordAnswer(deliveryId, claimed, await send(claimed), mode);
}

/** The "webhook.deliver" job. */
export async function deliverWebhook(deliveryId: string): Promise<void> {
  await attemptDelivery(deliveryId, "queued");
}
