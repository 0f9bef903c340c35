import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { connectApp, db } from "@/db/client";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { customerBalance } from "@/lib/ledger/accounts";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { pendingChecks, queueNotificationsDuring, queuedJobs } from "../support/jobs";
import { balanceOf, customerWith, generationFor } from "../support/ledger";

// The endpoint's address is on 127.0.0.1, which only a development server may reach.
vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  return { ...real, config: () => ({ ...real.config(), allowPrivateUrls: true }) };
});

const sent: string[] = [];
/** One connection of the app's kind, which notes each statement sent through it. */
const counted = connectApp(1, { onStatement: (text) => sent.push(text) });
afterAll(() => counted.sql.end());
// A connection's first use also reads the server's array types, which no call should be charged with.
await counted.sql`select 1`;

/** The statements `call` sent through the counted connection. */
async function statementsOf(call: () => Promise<unknown>): Promise<string[]> {
  sent.length = 0;
  await call();
  return [...sent];
}

/**
 * The statements of `call` and what it told the job queue. PostgreSQL lets one notifying transaction
 * commit at a time, so a money call must ask for its jobs without a NOTIFY.
 */
async function sentBy(call: () => Promise<unknown>) {
  let statements: string[] = [];
  const notified = await queueNotificationsDuring(async () => (statements = await statementsOf(call)));
  return { statements, notified };
}

const customer = "one-statement-customer";
await customerWith(customer, 100);

describe("a money call outside a batch", () => {
  it("starts a generation, and reads the balance, in one statement each", async () => {
    const started = await statementsOf(() => startGeneration(generationFor(customer, "one-start", 7), counted.db));
    expect(started).toHaveLength(1);
    expect(await balanceOf(customer)).toMatchObject({ held: 7 });

    const read = await statementsOf(() => customerBalance(counted.db, customer));
    expect(read).toHaveLength(1);
  });

  it("records a success in one statement, its quality check included and due at once, without a NOTIFY or a job", async () => {
    await startGeneration(generationFor(customer, "one-success", 4));
    const before = await balanceOf(customer);
    const jobsBefore = (await queuedJobs()).length;

    const { statements, notified } = await sentBy(() =>
      succeedGeneration("one-success", "http://127.0.0.1:9/one-success.png", counted.db),
    );

    expect(statements).toHaveLength(1);
    expect(notified).toEqual([]);
    expect(await balanceOf(customer)).toEqual({
      posted: before.posted - 4,
      held: before.held - 4,
      available: before.available,
    });
    const checks = await pendingChecks();
    expect(checks.find((check) => check.generationId === "one-success")).toMatchObject({ attempts: 0 });
    expect(checks.find((check) => check.generationId === "one-success")!.dueIn).toBeLessThanOrEqual(0);
    expect(await queuedJobs()).toHaveLength(jobsBefore);
  });

  it("records a failure in one statement, its refund's webhook event, delivery and job included, without a NOTIFY", async () => {
    const { endpoint } = await createWebhookEndpoint(
      { url: "http://127.0.0.1:9/hooks", eventTypes: ["generation.refunded"] },
      null,
    );
    await startGeneration(generationFor(customer, "one-failure", 6));
    const before = await balanceOf(customer);

    const { statements, notified } = await sentBy(() =>
      failGeneration("one-failure", { errorCode: "gpu_out_of_memory" }, counted.db),
    );

    expect(statements).toHaveLength(1);
    expect(notified).toEqual([]);
    expect(await balanceOf(customer)).toEqual({
      posted: before.posted,
      held: before.held - 6,
      available: before.available + 6,
    });
    const deliveries = await db.execute<{ id: string; endpointId: string }>(sql`
      select d.id, d.endpoint_id as "endpointId" from webhook_events e join webhook_deliveries d on d.event_id = e.id
      where e.type = 'generation.refunded' and e.payload -> 'data' -> 'generation' ->> 'id' = 'one-failure'`);
    expect(deliveries.map((delivery) => delivery.endpointId)).toEqual([endpoint.id]);
    const jobs = await queuedJobs("webhook.deliver");
    expect(jobs.map((job) => job.payload)).toContainEqual({ deliveryId: deliveries[0]!.id });
  });
});
