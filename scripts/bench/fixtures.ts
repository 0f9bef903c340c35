import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { db } from "@/db/client";
import { parsedEvent } from "@/lib/api/generation-batch";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { applyGenerationEvents } from "@/lib/generations/batch";
import type { Done } from "./measure";

/** The customers the calls are spread over, in turn. */
export const customerIds: string[] = [];

/** Long-standing customers, so that the policy does not send every report to review for a young account. */
const signedUpAt = new Date(Date.now() - 120 * 24 * 3_600_000);

/** Registers `count` customers, each with credits the whole run cannot spend. */
export async function registerCustomers(count: number): Promise<void> {
  customerIds.push(...Array.from({ length: count }, (_, i) => `bench-customer-${i}`));
  for (let first = 0; first < count; first += 10) {
    await Promise.all(
      customerIds.slice(first, first + 10).map(async (id) => {
        await registerCustomer(id, { email: `${id}@example.com`, createdAt: signedUpAt });
        await grantCredits(id, { key: "bench", amount: 100_000_000, reason: "Benchmark" });
      }),
    );
  }
}

export type Subject = { id: string; customerId: string };

let generations = 0;

/** A new generation id, with its customer taken in turn. */
export function newGeneration(): Subject {
  const n = generations++;
  return { id: `bench-${process.pid}-${n}`, customerId: customerIds[n % customerIds.length]! };
}

/** The body of `POST /api/v1/generations`, also the domain's input as it is. */
export function startBody({ id, customerId }: Subject) {
  return { id, customerId, feature: "recolor", platform: "web", context: "editor", cost: 1 } as const;
}

/** The events as a host sends them in a batch: the single calls' bodies with their type. */
export function startEvent(subject: Subject) {
  return { type: "start", ...startBody(subject) } as const;
}

export function succeedEvent({ id }: Subject, outputUrl: string) {
  return { type: "succeed", id, outputUrl } as const;
}

export function failEvent({ id }: Subject) {
  return { type: "fail", id, errorCode: "gpu_out_of_memory" } as const;
}

/** A batch of `generationCount` new generations, each started and then finished, a third of them failed. */
export function batchEvents(generationCount: number, outputUrl: string) {
  return Array.from({ length: generationCount }, (_, i) => {
    const subject = newGeneration();
    return [startEvent(subject), i % 3 === 0 ? failEvent(subject) : succeedEvent(subject, outputUrl)];
  }).flat();
}

/** The batch endpoint's own work on events as the host sent them: validation, then the transactions. */
export function applyWireEvents(events: unknown[]) {
  return applyGenerationEvents(events.map(parsedEvent));
}

export type OutputServer = { url: string; bytes: Buffer; close: () => Promise<void> };

/**
 * Serves one small PNG (`bytes`) at every path: the outputs that successes report, which the app's
 * quality worker then fetches and checks, as it would a host's.
 */
export async function startOutputServer(): Promise<OutputServer> {
  const png = await sharp({
    create: {
      width: 64,
      height: 64,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "image/png", "content-length": png.length });
    response.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/output.png`,
    bytes: png,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const available = {
  running: sql`status = 'running'`,
  succeeded: sql`status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM refund_requests r WHERE r.generation_id = g.id)`,
};

/**
 * `count` of the benchmark's generations in the state a call needs (running ones to finish, succeeded
 * ones not yet reported), in random order so that consecutive calls are for different customers.
 * Missing ones are made through the batch code first.
 */
export async function generationsToUse(
  state: keyof typeof available,
  count: number,
  outputUrl: string,
): Promise<Subject[]> {
  const [found] = await db.execute<{ count: number }>(
    sql`SELECT count(*)::int AS count FROM generations g WHERE id LIKE 'bench-%' AND ${available[state]}`,
  );
  for (let missing = count - (found?.count ?? 0); missing > 0; missing -= 500) {
    const subjects = Array.from({ length: Math.min(missing, 500) }, newGeneration);
    const events =
      state === "running"
        ? subjects.map(startEvent)
        : subjects.flatMap((subject) => [startEvent(subject), succeedEvent(subject, outputUrl)]);
    await applyWireEvents(events);
  }
  const rows = await db.execute<{ id: string; customer_id: string }>(
    sql`SELECT id, customer_id FROM generations g WHERE id LIKE 'bench-%' AND ${available[state]}
        ORDER BY random() LIMIT ${count}`,
  );
  return rows.map((row) => ({ id: row.id, customerId: row.customer_id }));
}

/**
 * Waits until the job queue, the jobs asked for and the quality checks have nothing left to run now, so that
 * one measurement's background work is not charged to the next. Resolves with the seconds it took.
 */
export async function drainJobs(timeoutSeconds = 120): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [due] = await db.execute<{ count: number }>(
      sql`SELECT ((SELECT count(*) FROM graphile_worker.jobs WHERE run_at <= now() AND attempts < max_attempts)
        + (SELECT count(*) FROM job_requests WHERE coalesce(run_at, now()) <= now())
        + (SELECT count(*) FROM quality_checks WHERE status = 'pending' AND next_attempt_at <= now()))::int AS count`,
    );
    const seconds = (performance.now() - started) / 1000;
    if (!due?.count) return seconds;
    if (seconds > timeoutSeconds) {
      console.warn(`  ${due.count} background jobs still due after ${timeoutSeconds} s; going on.`);
      return seconds;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The quality checks of the benchmark's successes since `since`: how long after its success each one was
 * recorded, over how long, and how many did not find the output usable to measure or are still pending.
 */
export async function checksDone(since: Date): Promise<Done> {
  const rows = await db.execute<{ ms: number; checked: boolean; seconds: number }>(
    sql`SELECT extract(epoch FROM q.checked_at - g.finished_at)::float8 * 1000 AS ms, q.status = 'checked' AS checked,
          extract(epoch FROM max(q.checked_at) OVER () - ${since.toISOString()}::timestamptz)::float8 AS seconds
        FROM quality_checks q JOIN generations g ON g.id = q.generation_id
        WHERE g.id LIKE 'bench-%' AND g.finished_at >= ${since.toISOString()}::timestamptz`,
  );
  const checked = rows.filter((row) => row.checked);
  return {
    latencies: checked.map((row) => row.ms),
    failed: rows.length - checked.length,
    seconds: rows[0]?.seconds ?? 0,
  };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

/** Signs in through Auth.js's credentials flow, as the login form does; resolves with the Cookie header to send. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl }),
  });
  const session = cookiesOf(signedIn).find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`Could not sign in as ${email}: HTTP ${signedIn.status}, no session cookie.`);
  return session;
}
