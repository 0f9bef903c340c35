import { asc, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { webhookEventTypes, type WebhookEventType } from "@/db/enums";
import {
  auditEvents,
  customers,
  generations,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from "@/db/schema";
import { changeStanding } from "@/lib/admin/customer-suspension";
import { serializeCustomer, serializeGenerationResult, serializeRefundRequest } from "@/lib/api/serializers";
import { DomainError } from "@/lib/errors";
import { expireOverdueHolds, failGeneration, startGeneration } from "@/lib/generations/lifecycle";
import { recoverStalledJobs, stalledAfterSeconds } from "@/lib/jobs/stalled";
import { submitRefundRequest } from "@/lib/refunds/service";
import { decideRequest } from "@/lib/support/decide";
import { retryDelaysMs, goneReason } from "@/lib/webhooks/deliver";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
} from "@/lib/webhooks/endpoints";
import { makeScheduledJobsDue, queueAllRequestedJobs, queuedJobs, runDueJobs } from "../support/jobs";
import { balanceOf, customerWith, generationFor, startFor } from "../support/ledger";
import { person, staffMember } from "../support/people";
import { establishedCustomer, madeGeneration, report } from "../support/refunds";
import { webhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// The receivers listen on 127.0.0.1, which only a development server may reach.
vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  return { ...real, config: () => ({ ...real.config(), allowPrivateUrls: true }) };
});

const receivers: WebhookReceiver[] = [];

afterEach(async () => {
  for (const endpoint of await listWebhookEndpoints()) await deleteWebhookEndpoint(endpoint.id, null);
  // Retries still queued find their endpoint gone and end, so no test sees another's jobs.
  await makeScheduledJobsDue();
  await runDueJobs();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** A receiver, and an endpoint for it subscribed to `types`. */
async function subscribed(types: readonly WebhookEventType[] = webhookEventTypes) {
  const receiver = await webhookReceiver();
  receivers.push(receiver);
  const { endpoint, secret } = await createWebhookEndpoint({ url: receiver.url, eventTypes: types }, null);
  return { receiver, endpoint, secret };
}

const deliveriesTo = (endpointId: string) =>
  db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(asc(webhookDeliveries.createdAt));

const attemptsOf = (deliveryId: string) =>
  db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(asc(webhookAttempts.number));

/** A young account, so the policy sends its reports to review. */
async function reviewedCustomer(id: string) {
  await customerWith(id, 100);
}

describe("webhook events", () => {
  it("delivers every reported change once, signed, with the API's shapes", async () => {
    const { receiver, endpoint, secret } = await subscribed();
    const admin = await person("hooks-admin@makegood.test", "admin");
    const agent = await staffMember("Hook Agent");

    await establishedCustomer("hook-policy");
    await madeGeneration("hook-policy", "hook-policy-gen");
    const byPolicy = await report("hook-policy", "hook-policy-gen");
    expect(byPolicy.status).toBe("approved");

    await reviewedCustomer("hook-review");
    await madeGeneration("hook-review", "hook-review-gen");
    const reviewed = await report("hook-review", "hook-review-gen");
    expect(reviewed.status).toBe("in_review");
    const byAgent = await decideRequest(agent, reviewed.id, { outcome: "approve" });

    await madeGeneration("hook-policy", "hook-failed-gen", {}, { fail: true });
    await startFor("hook-policy", "hook-expired-gen", 3);
    await db
      .update(generations)
      .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(generations.id, "hook-expired-gen"));
    await expireOverdueHolds();

    await changeStanding(admin, "hook-review", "suspended", "Chargebacks");
    await changeStanding(admin, "hook-review", "reinstated", "Resolved");

    await runDueJobs();
    await runDueJobs();

    const events = receiver.events(secret);
    expect(events.map((event) => event.type)).toEqual([
      "refund_request.created",
      "refund_request.decided",
      "refund_request.created",
      "refund_request.decided",
      "generation.refunded",
      "generation.refunded",
      "customer.suspended",
      "customer.reinstated",
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(events.every((event) => /^msg_\w+$/.test(event.id))).toBe(true);

    const [created, policyDecided, reviewCreated, agentDecided, failed, expired, suspended, reinstated] = events;
    expect(created?.data).toEqual({ request: serializeRefundRequest(byPolicy) });
    expect(policyDecided?.data).toEqual({ request: serializeRefundRequest(byPolicy) });
    expect(reviewCreated?.data).toMatchObject({ request: { id: reviewed.id, status: "in_review", decision: null } });
    expect(agentDecided?.data).toEqual({ request: serializeRefundRequest(byAgent) });
    expect(agentDecided?.data).toMatchObject({ request: { status: "approved", decision: { decidedBy: "agent" } } });
    expect(failed?.data).toMatchObject({
      generation: { id: "hook-failed-gen", status: "failed", errorCode: "gpu_out_of_memory" },
      balance: { held: expect.any(Number) },
    });
    expect(expired?.data).toMatchObject({ generation: { id: "hook-expired-gen", status: "expired" } });
    expect(suspended?.data).toMatchObject({ customer: { id: "hook-review", email: "hook-review@example.com" } });
    const [customer] = await db.select().from(customers).where(eq(customers.id, "hook-review"));
    expect(reinstated?.data).toEqual({ customer: serializeCustomer(customer!) });

    const deliveries = await deliveriesTo(endpoint.id);
    expect(deliveries).toHaveLength(8);
    expect(deliveries.every((delivery) => delivery.status === "delivered" && delivery.attempts === 1)).toBe(true);
    expect(await queuedJobs("webhook.deliver")).toEqual([]);
  });

  it("writes a failure's and an expiry's event as the API's serializer writes it, to the byte", async () => {
    const { receiver, secret } = await subscribed(["generation.refunded"]);
    await customerWith("hook-bytes", 50);
    const awkward = 'A "quoted" \\ prompt, é, 😀, a tab\t, a line\nand \u0001 a control';
    await startGeneration({
      ...generationFor("hook-bytes", "hook-bytes-failed", 7),
      prompt: awkward,
      inputUrl: "https://cdn.example/in put.png?a=1&b=/2",
      modelVersion: "v2.1-ß",
      expectedWidth: 640,
      expectedHeight: 480,
    });
    await startFor("hook-bytes", "hook-bytes-expired", 3);
    // Stored with microseconds, which the API shows as milliseconds.
    await db.execute(
      sql`update generations set created_at = '2026-11-30 23:59:59.123987+00' where id = 'hook-bytes-failed'`,
    );
    await db
      .update(generations)
      .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(generations.id, "hook-bytes-expired"));

    const failed = await failGeneration("hook-bytes-failed", { errorCode: "nsfw_filter", message: "Not shown" });
    await expireOverdueHolds();
    const [expired] = await db.select().from(generations).where(eq(generations.id, "hook-bytes-expired"));

    const rows = await db.execute<{ id: string; payload: string }>(
      sql`select id, payload::text as payload from webhook_events where type = 'generation.refunded'
          and payload->'data'->'generation'->>'id' like 'hook-bytes-%' order by created_at, id`,
    );
    const payloadOf = (id: string) => rows.find((row) => row.payload.includes(`"id":"${id}"`))!.payload;
    const asSerialized = (text: string, data: unknown) =>
      JSON.stringify({ type: "generation.refunded", timestamp: JSON.parse(text).timestamp, data });

    const failedText = payloadOf("hook-bytes-failed");
    expect(failedText).toBe(asSerialized(failedText, serializeGenerationResult(failed)));
    expect(JSON.parse(failedText).data.generation).toMatchObject({
      prompt: awkward,
      createdAt: "2026-11-30T23:59:59.123Z",
      status: "failed",
      errorCode: "nsfw_filter",
    });
    const expiredText = payloadOf("hook-bytes-expired");
    expect(expiredText).toBe(
      asSerialized(
        expiredText,
        serializeGenerationResult({ generation: expired!, balance: await balanceOf("hook-bytes"), replayed: false }),
      ),
    );
    expect(JSON.parse(expiredText).data.balance).toEqual({ available: 50, held: 0, posted: 50 });

    await runDueJobs();
    expect(receiver.events(secret).map((event) => event.data)).toEqual(rows.map((row) => JSON.parse(row.payload).data));
  });

  it("sends each endpoint only the types it subscribed to, and nothing to a disabled one", async () => {
    const refunds = await subscribed(["generation.refunded"]);
    const suspensions = await subscribed(["customer.suspended"]);
    const disabled = await subscribed(["generation.refunded"]);
    await db
      .update(webhookEndpoints)
      .set({ enabled: false, disabledAt: new Date(), disabledReason: "Off." })
      .where(eq(webhookEndpoints.id, disabled.endpoint.id));

    await customerWith("hook-typed", 20);
    await madeGeneration("hook-typed", "hook-typed-gen", {}, { fail: true });
    await runDueJobs();

    expect(refunds.receiver.events(refunds.secret).map((event) => event.type)).toEqual(["generation.refunded"]);
    expect(suspensions.receiver.requests).toEqual([]);
    expect(disabled.receiver.requests).toEqual([]);
  });

  it("sends nothing for a change that rolled back", async () => {
    const { receiver } = await subscribed();
    await establishedCustomer("hook-rollback");
    await madeGeneration("hook-rollback", "hook-rollback-reported");
    await report("hook-rollback", "hook-rollback-reported");
    await runDueJobs();
    const before = receiver.requests.length;
    const eventsBefore = await db.select().from(webhookEvents);

    // Refused: a second report of the same generation.
    await expect(report("hook-rollback", "hook-rollback-reported")).rejects.toMatchObject({ code: "refund.duplicate" });
    // Refused: a report of a generation still running.
    await startFor("hook-rollback", "hook-rollback-running", 2);
    await expect(report("hook-rollback", "hook-rollback-running")).rejects.toMatchObject({
      code: "generation.not_finished",
    });
    // Rolled back after the change was made, with its events written.
    await madeGeneration("hook-rollback", "hook-rollback-forced");
    await expect(
      db.transaction(async (tx) => {
        await failGeneration("hook-rollback-running", { errorCode: "crash" }, tx);
        await submitRefundRequest(
          {
            customerId: "hook-rollback",
            generationId: "hook-rollback-forced",
            reason: "blurry",
            details: "Blurry all over, nothing is in focus at all.",
            source: "api",
            actorId: null,
          },
          tx,
        );
        throw new DomainError("validation.failed", "roll back");
      }),
    ).rejects.toThrow("roll back");

    await runDueJobs();
    expect(receiver.requests).toHaveLength(before);
    expect(await db.select().from(webhookEvents)).toEqual(eventsBefore);
    expect(await queuedJobs("webhook.deliver")).toEqual([]);
  });
});

describe("webhook delivery", () => {
  it("retries after a 500 with the same id, on the schedule, until a 2xx", async () => {
    const { receiver, endpoint, secret } = await subscribed(["generation.refunded"]);
    receiver.answer({ status: 500, body: "database down\nretry later\n" });
    await customerWith("hook-retry", 20);
    await madeGeneration("hook-retry", "hook-retry-gen", {}, { fail: true });

    await runDueJobs();
    const [delivery] = await deliveriesTo(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: 500 });
    const [first] = await attemptsOf(delivery!.id);
    expect(first).toMatchObject({ number: 1, responseStatus: 500, responseBody: "database down\nretry later" });
    expect(first?.outcome).toBe("The endpoint answered 500 Internal Server Error.");
    expect(delivery!.nextAttemptAt!.getTime() - first!.finishedAt!.getTime()).toBeCloseTo(retryDelaysMs[0]!, -2);

    // Not yet due: nothing is sent before the wait has passed.
    await runDueJobs();
    expect(receiver.requests).toHaveLength(1);

    await makeScheduledJobsDue();
    await runDueJobs();
    const [second] = await deliveriesTo(endpoint.id);
    expect(second).toMatchObject({ status: "pending", attempts: 2 });
    expect(second!.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(retryDelaysMs[1]! - 10_000);

    receiver.answer({ status: 200 });
    await makeScheduledJobsDue();
    await runDueJobs();

    const events = receiver.events(secret);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    const [done] = await deliveriesTo(endpoint.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 3, lastResponseStatus: 200, nextAttemptAt: null });
    expect((await attemptsOf(done!.id)).map((attempt) => attempt.responseStatus)).toEqual([500, 500, 200]);
    expect(await queuedJobs("webhook.deliver")).toEqual([]);
  });

  it("marks a delivery failed after the last retry", async () => {
    const { receiver, endpoint } = await subscribed(["generation.refunded"]);
    receiver.answer({ status: 503 });
    await customerWith("hook-exhaust", 20);
    await madeGeneration("hook-exhaust", "hook-exhaust-gen", {}, { fail: true });

    for (let round = 0; round <= retryDelaysMs.length + 1; round += 1) {
      await makeScheduledJobsDue();
      await runDueJobs();
    }

    expect(receiver.requests).toHaveLength(retryDelaysMs.length + 1);
    const [delivery] = await deliveriesTo(endpoint.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: retryDelaysMs.length + 1, nextAttemptAt: null });
    expect(await queuedJobs("webhook.deliver")).toEqual([]);
  });

  it("says a refused connection in words, and keeps retrying", async () => {
    const { receiver, endpoint } = await subscribed(["generation.refunded"]);
    await receiver.close();
    await customerWith("hook-refused", 20);
    await madeGeneration("hook-refused", "hook-refused-gen", {}, { fail: true });
    await runDueJobs();

    const [delivery] = await deliveriesTo(endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });
    const [attempt] = await attemptsOf(delivery!.id);
    expect(attempt).toMatchObject({ responseStatus: null, outcome: "The connection was refused." });
  });

  it("disables the endpoint on a 410 and fails what was waiting for it", async () => {
    const { receiver, endpoint } = await subscribed(["generation.refunded"]);
    receiver.answer({ status: 410 });
    await customerWith("hook-gone", 20);
    await madeGeneration("hook-gone", "hook-gone-a", {}, { fail: true });
    await madeGeneration("hook-gone", "hook-gone-b", {}, { fail: true });
    await runDueJobs();

    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: goneReason });
    expect((await deliveriesTo(endpoint.id)).map((delivery) => delivery.status)).toEqual(["failed", "failed"]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, endpoint.id));
    expect(audit.map((event) => event.action)).toContain("webhook_endpoint.disabled");

    const seen = receiver.requests.length;
    await madeGeneration("hook-gone", "hook-gone-c", {}, { fail: true });
    await makeScheduledJobsDue();
    await runDueJobs();
    expect(receiver.requests).toHaveLength(seen);
    expect(await deliveriesTo(endpoint.id)).toHaveLength(2);
  });

  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    const { receiver, endpoint, secret: old } = await subscribed(["generation.refunded"]);
    const { secret: rotated } = await rotateWebhookSecret(endpoint.id, null);
    expect(rotated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated).not.toBe(old);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.previousSecretExpiresAt!.getTime() - Date.now()).toBeGreaterThan(24 * 3_600_000 - 60_000);

    await customerWith("hook-rotate", 20);
    await madeGeneration("hook-rotate", "hook-rotate-a", {}, { fail: true });
    await runDueJobs();
    expect(receiver.requests[0]?.signature.split(" ")).toHaveLength(2);
    expect(receiver.events(old)).toHaveLength(1);
    expect(receiver.events(rotated)).toHaveLength(1);

    await db
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await madeGeneration("hook-rotate", "hook-rotate-b", {}, { fail: true });
    await runDueJobs();
    expect(receiver.requests[1]?.signature.split(" ")).toHaveLength(1);
    expect(receiver.events(rotated)).toHaveLength(2);
    expect(() => receiver.events(old)).toThrow();
  });

  it("makes an attempt again when the process making it was killed before the answer was recorded", async () => {
    const { receiver, endpoint, secret } = await subscribed(["generation.refunded"]);
    await customerWith("hook-killed", 20);
    await madeGeneration("hook-killed", "hook-killed-gen", {}, { fail: true });
    const [delivery] = await deliveriesTo(endpoint.id);
    await queueAllRequestedJobs();

    // What a worker killed mid-request leaves: the attempt recorded without an answer, its job still locked.
    const killedAt = sql`now() - make_interval(secs => ${stalledAfterSeconds + 5})`;
    await db.transaction(async (tx) => {
      await tx.update(webhookDeliveries).set({ attempts: 1 }).where(eq(webhookDeliveries.id, delivery!.id));
      await tx.insert(webhookAttempts).values({ deliveryId: delivery!.id, number: 1, startedAt: killedAt });
      await tx.execute(sql`update graphile_worker._private_jobs
        set locked_by = 'killed-worker', locked_at = ${killedAt}, attempts = 1`);
    });
    await runDueJobs();
    expect(receiver.requests).toEqual([]);

    expect(await recoverStalledJobs()).toBe(1);
    await makeScheduledJobsDue();
    await runDueJobs();

    expect(receiver.events(secret)).toHaveLength(1);
    const attempts = await attemptsOf(delivery!.id);
    expect(attempts.map((attempt) => [attempt.number, attempt.responseStatus])).toEqual([
      [1, null],
      [2, 204],
    ]);
    expect(attempts[0]?.outcome).toMatch(/the app stopped during this attempt/);
    const [done] = await deliveriesTo(endpoint.id);
    expect(done).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("makes each attempt once when two workers run the due jobs at the same time", async () => {
    const { receiver, endpoint, secret } = await subscribed(["generation.refunded"]);
    receiver.answer(({ body }) => ({ status: body.includes('hook-race-gen-1"') ? 500 : 204 }));
    await customerWith("hook-race", 100);
    for (let n = 0; n < 12; n += 1) await madeGeneration("hook-race", `hook-race-gen-${n}`, {}, { fail: true });

    await Promise.all([runDueJobs(), runDueJobs(), runDueJobs()]);
    await makeScheduledJobsDue();
    await Promise.all([runDueJobs(), runDueJobs()]);

    const events = receiver.events(secret);
    const perEvent = new Map<string, number>();
    for (const event of events) perEvent.set(event.id, (perEvent.get(event.id) ?? 0) + 1);
    expect(perEvent.size).toBe(12);
    expect([...perEvent.values()].sort()).toEqual([...Array(11).fill(1), 2]);
    const deliveries = await deliveriesTo(endpoint.id);
    const attempts = await db
      .select()
      .from(webhookAttempts)
      .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(attempts).toHaveLength(13);
    expect(deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0)).toBe(13);
    expect(deliveries.filter((delivery) => delivery.status === "pending")).toHaveLength(1);
  });

  it("refuses to change an attempt's answer once it is recorded, or to change an event", async () => {
    const { endpoint } = await subscribed(["generation.refunded"]);
    await customerWith("hook-append", 20);
    await madeGeneration("hook-append", "hook-append-gen", {}, { fail: true });
    await runDueJobs();
    const [delivery] = await deliveriesTo(endpoint.id);
    const [attempt] = await attemptsOf(delivery!.id);
    await expect(
      db.update(webhookAttempts).set({ responseStatus: 200 }).where(eq(webhookAttempts.id, attempt!.id)),
    ).rejects.toThrow();
    await expect(db.update(webhookEvents).set({ type: "other" })).rejects.toThrow();
    await expect(db.delete(webhookAttempts)).rejects.toThrow();
  });
});
