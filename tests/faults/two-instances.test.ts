import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { createApiKey } from "@/lib/api/api-keys";
import { webhookReceiver } from "../support/webhook-receiver";
import { startApp, hostClient, type App, type HostClient } from "./support/app";
import { expectLedgerHolds } from "./support/checks";
import { customersWithCredits } from "./support/load";

const checked = 16;
const failed = 8;
const overdue = 8;
const sweeps = 6;

const apps: App[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const app of apps) await app.kill("SIGTERM");
  for (const close of closers) await close();
});

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
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
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

describe("two app instances on one database", () => {
  it("expire each hold, run each quality check and make each webhook delivery attempt once between them", async () => {
    const { key } = await createApiKey("fault tests");
    apps.push(await startApp(process.env.DATABASE_URL!), await startApp(process.env.DATABASE_URL!));
    const [one, two] = apps.map((app) => hostClient(app, key)) as [HostClient, HostClient];
    const files = await outputServer();
    const receiver = await webhookReceiver();
    closers.push(receiver.close);
    const endpoint = await expectOk(one, {
      method: "POST",
      path: "/webhook-endpoints",
      body: { url: receiver.url, events: ["generation.refunded"] },
    });
    const [customer] = await customersWithCredits(two, "pair", 1);

    // Calls alternate between the instances, as behind a load balancer.
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
    // Several sweeps due at once, for both instances' workers to take.
    for (let sweep = 0; sweep < sweeps; sweep += 1) {
      await db.execute(sql`select graphile_worker.add_job('holds.expire', '{}'::json)`);
    }

    const refunded = failed + overdue;
    await until(async () => {
      const [state] = await db.execute<{ pending: number; running: number; delivered: number }>(sql`select
        (select count(*)::int from quality_checks where status = 'pending') as pending,
        (select count(*)::int from generations where status = 'running') as running,
        (select count(*)::int from webhook_deliveries where status = 'delivered') as delivered`);
      return state?.pending === 0 && state.running === 0 && state.delivered === refunded;
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
    const events = receiver.events(String(endpoint.body.secret));
    expect(new Set(events.map((event) => event.id)).size).toBe(refunded);
    const reported = events.map((event) => (event.data.generation as { id: string; status: string }).id);
    expect(reported.sort()).toEqual(ids.slice(checked).sort());

    const [expired] = await db.execute<{ expired: number; releases: number }>(sql`select
      (select count(*)::int from generations where status = 'expired') as expired,
      (select count(*)::int from transfers where kind = 'release') as releases`);
    expect(expired).toEqual({ expired: overdue, releases: failed + overdue });
    await expectLedgerHolds();
  });
});
