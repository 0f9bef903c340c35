import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { expect } from "vitest";
import { db } from "@/db/client";
import { webhookReceiver } from "../../support/webhook-receiver";
import type { HostClient } from "./app";
import { expectLedgerHolds } from "./checks";
import { customersWithCredits } from "./load";

/** How much of each kind of job the work leaves for the app's job workers. */
export const jobs = { checked: 16, failed: 8, overdue: 8 };
const sweeps = 6;

/** A host's file server with one noisy PNG under every path, counting the requests for each path. */
async function outputServer() {
  const png = await sharp(randomBytes(48 * 32 * 3), { raw: { width: 48, height: 32, channels: 3 } })
    .png()
    .toBuffer();
  const requests = new Map<string, number>();
  const server = createServer((incoming, outgoing) => {
    requests.set(incoming.url ?? "", (requests.get(incoming.url ?? "") ?? 0) + 1);
    outgoing.writeHead(200, { "content-type": "image/png" }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function expectOk(api: HostClient, ...call: Parameters<HostClient>) {
  const answer = await api(...call);
  expect(answer.status, `${call[0].method} ${call[0].path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer;
}

async function until(done: () => Promise<boolean>, what: string, withinMs = 60_000) {
  for (const started = Date.now(); !(await done());) {
    if (Date.now() - started > withinMs) throw new Error(`Not done within ${withinMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Successes, failures and overdue holds for the app's job workers, made through two instances as behind a
 * load balancer, with a host's file server for the outputs and a webhook endpoint for the refunds.
 */
export async function makeJobWork(one: HostClient, two: HostClient) {
  const files = await outputServer();
  const receiver = await webhookReceiver();
  const { checked, failed, overdue } = jobs;
  const endpoint = await expectOk(one, {
    method: "POST",
    path: "/webhook-endpoints",
    body: { url: receiver.url, events: ["generation.refunded"] },
  });
  const [customer] = await customersWithCredits(two, "pair", 1);
  const ids = Array.from({ length: checked + failed + overdue }, (_, index) => `pair-gen-${index}`);
  const via = (index: number) => (index % 2 === 0 ? one : two);
  await Promise.all(
    ids.map(async (id, index) => {
      const body = { id, customerId: customer, feature: "recolor", platform: "web", context: "editor", cost: 2 };
      await expectOk(via(index), { method: "POST", path: "/generations", body });
      if (index < checked) {
        const outputUrl = `${files.url}/${id}.png`;
        await expectOk(via(index + 1), { method: "POST", path: `/generations/${id}/succeed`, body: { outputUrl } });
      } else if (index < checked + failed) {
        const fail = { errorCode: "gpu_lost" };
        await expectOk(via(index + 1), { method: "POST", path: `/generations/${id}/fail`, body: fail });
      }
    }),
  );
  const made = await db.execute<{ id: string }>(sql`update generations
    set hold_expires_at = now() - interval '1 minute' where status = 'running' returning id`);
  expect(made.map((row) => row.id).sort()).toEqual(ids.slice(checked + failed).sort());
  // Several sweeps due at once, for every worker to take.
  for (let sweep = 0; sweep < sweeps; sweep += 1) {
    await db.execute(sql`select graphile_worker.add_job('holds.expire', '{}'::json)`);
  }
  return {
    ids,
    secret: String(endpoint.body.secret),
    files,
    receiver,
    close: async () => {
      await files.close();
      await receiver.close();
    },
  };
}

export type JobWork = Awaited<ReturnType<typeof makeJobWork>>;

/** What is left of the work: checks pending, holds running, and deliveries made. */
export async function jobsLeft() {
  const [state] = await db.execute<{ pending: number; running: number; delivered: number }>(sql`select
    (select count(*)::int from quality_checks where status = 'pending') as pending,
    (select count(*)::int from generations where status = 'running') as running,
    (select count(*)::int from webhook_deliveries where status = 'delivered') as delivered`);
  return state!;
}

/** Waits for the workers to finish `work`, then checks that each piece of it was done exactly once. */
export async function expectEachDoneOnce({ ids, secret, files, receiver }: JobWork) {
  const { checked, failed, overdue } = jobs;
  const refunded = failed + overdue;
  await until(async () => {
    const state = await jobsLeft();
    return state.pending === 0 && state.running === 0 && state.delivered === refunded;
  }, "every check run, every hold expired, every delivery made");
  // Time for a second attempt at anything, were one to be made.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const checks = await db.execute<{ generation_id: string; status: string; attempts: number }>(
    sql`select generation_id, status, attempts from quality_checks order by generation_id`,
  );
  expect(checks).toHaveLength(checked);
  for (const check of checks) expect(check).toMatchObject({ status: "checked", attempts: 1 });
  expect([...files.requests.values()]).toEqual(Array.from({ length: checked }, () => 1));

  const [webhooks] = await db.execute<{ deliveries: number; attempts: number; once: number }>(sql`select
    (select count(*)::int from webhook_deliveries) as deliveries,
    (select count(*)::int from webhook_attempts) as attempts,
    (select count(*)::int from webhook_deliveries where attempts = 1) as once`);
  expect(webhooks).toEqual({ deliveries: refunded, attempts: refunded, once: refunded });
  const events = receiver.events(secret);
  expect(new Set(events.map((event) => event.id)).size).toBe(refunded);
  const reported = events.map((event) => (event.data.generation as { id: string; status: string }).id);
  expect(reported.sort()).toEqual(ids.slice(checked).sort());

  const [expired] = await db.execute<{ expired: number; releases: number }>(sql`select
    (select count(*)::int from generations where status = 'expired') as expired,
    (select count(*)::int from transfers where kind = 'release') as releases`);
  expect(expired).toEqual({ expired: overdue, releases: failed + overdue });
  await expectLedgerHolds();
}
