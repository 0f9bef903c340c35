import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { startApp, hostClient, type App } from "./support/app";
import { expectLedgerHolds, expectRecordedOnce } from "./support/checks";
import { customersWithCredits, freshStatus, runLoad } from "./support/load";

const loadMs = 3_000;
const cutEveryMs = 500;

let app: App | undefined;
afterAll(async () => {
  await app?.kill("SIGTERM");
});

describe("database connections cut in the middle of transactions", () => {
  it("answers the cut calls 503 service.unavailable with Retry-After, leaves nothing half-written, and their retries apply once", async () => {
    const prefix = "cut";
    const { key } = await createApiKey("fault tests");
    app = await startApp(process.env.DATABASE_URL!);
    const api = hostClient(app, key);
    const customers = await customersWithCredits(api, prefix, 4);

    // Ends every backend of the app that is inside a transaction past its first statement, again and
    // again, as a failover or an operator's pg_terminate_backend would.
    const cutter = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    let running = true;
    let cut = 0;
    const cutting = (async () => {
      while (running) {
        // The targets are chosen first, in a materialized CTE: in a single WHERE the planner may call
        // pg_terminate_backend before the other conditions, on any backend of the server.
        const [ended] = await cutter<{ count: number }[]>`
          with targets as materialized (
            select pid from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
              and xact_start < query_start and state in ('active', 'idle in transaction')
          )
          select count(*) filter (where pg_terminate_backend(pid))::int as count from targets`;
        cut += ended?.count ?? 0;
        await new Promise((resolve) => setTimeout(resolve, cutEveryMs));
      }
    })();

    const stopAt = Date.now() + loadMs;
    const chains = await runLoad({
      clients: 6,
      customers,
      prefix,
      running: () => Date.now() < stopAt,
      perform: async (step) => {
        for (;;) {
          const answer = await api(step.call);
          step.answers.push(answer);
          if (answer.status !== 503) return true;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    });
    running = false;
    await cutting;
    await cutter.end();

    const answers = chains.flatMap((chain) => chain.steps.flatMap((step) => step.answers));
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(cut).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.retryAfter).toBe("2");
      expect(answer.body).toMatchObject({ error: { code: "service.unavailable", requestId: expect.any(String) } });
      expect(JSON.stringify(answer.body)).not.toMatch(/select|insert|update|postgres|57P01/i);
    }
    for (const step of chains.flatMap((chain) => chain.steps)) {
      const final = step.answers.at(-1)!;
      const where = `${step.call.method} ${step.call.path}: ${JSON.stringify(step.answers)}`;
      // A cut during COMMIT may have come after the commit: then the retry finds the call applied.
      if (step.answers.length === 1) expect(final.status, where).toBe(freshStatus[step.kind]);
      else if (step.kind === "start") expect([200, 201], where).toContain(final.status);
      else if (step.kind === "refund") expect([201, 409], where).toContain(final.status);
      else expect(final.status, where).toBe(200);
    }

    await expectRecordedOnce(prefix, chains);
    await expectLedgerHolds();
    expect(app.running()).toBe(true);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });
});
