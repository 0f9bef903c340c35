import os from "node:os";
import postgres from "postgres";
import { closeDb, connect } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { simulatePolicy } from "@/lib/policy/simulate";
import { policyInForce } from "@/lib/policy/versions";
import { decideRefund, type PolicyDecision } from "@/lib/refunds/policy";
import { readStoredFacts } from "@/lib/refunds/stored-facts";
import { oneRow } from "@/lib/sql/one-row";
import { withDatabase } from "./database";

/**
 * How long "Test on past requests" takes on 100,000 "Bad result" requests of the last 30 days. The
 * requests go into a throwaway database of their own beside the app's (DATABASE_URL's server, or the
 * embedded one), never into the app's: they have facts and decisions but no ledger behind them. Each
 * table is filled by one INSERT … SELECT over generate_series; then the real policy decides every
 * request on its facts, so that each one's status and trace are what the policy in force would have
 * recorded. The database is dropped at the end, unless `-- --keep`, which lets the next run reuse it.
 */

const requestCount = 100_000;
const customerCount = 20_000;
const spreadDays = 29;
const runs = 5;
const benchName = "makegood_bench_simulate";
const keep = process.argv.includes("--keep");
const statusOf = { approve: "approved", deny: "denied", review: "in_review" } as const;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * The n-th request's time, spread evenly over the period. Both statements that use it run in one
 * transaction, where now() stands still, so a generation and its report agree on it.
 */
function requestedAt(tx: postgres.TransactionSql, n: postgres.PendingQuery<postgres.Row[]>) {
  return tx`now() - (${n})::float / ${requestCount}::int * ${spreadDays}::int * interval '1 day'`;
}

async function build(sql: postgres.Sql) {
  await sql.begin(async (tx) => {
    await timed(
      "customers",
      () => tx`
      INSERT INTO customers (id, email, name, signed_up_at)
      SELECT 'simbench-' || i, 'simbench-' || i || '@bench.example.com', 'Bench customer ' || i,
        now() - interval '40 days' - random() * interval '400 days'
      FROM generate_series(1, ${customerCount}::int) AS i`,
    );
    await timed(
      "generations",
      () => tx`
      WITH pairs AS (
        SELECT e.feature_key, e.platform, f.credit_cost, (row_number() OVER (ORDER BY f.position, e.platform) - 1)::int AS n
        FROM feature_eligibility e JOIN features f ON f.key = e.feature_key
      )
      INSERT INTO generations (id, customer_id, feature_key, platform, context, cost, status, created_at,
        hold_expires_at, finished_at)
      SELECT 'simbench-gen-' || i, 'simbench-' || (1 + i % ${customerCount}::int), p.feature_key, p.platform,
        CASE WHEN i % 50 = 0 THEN 'batch'::generation_context ELSE 'editor'::generation_context END, p.credit_cost, 'succeeded',
        at, at + interval '15 minutes', at + interval '40 seconds'
      FROM generate_series(1, ${requestCount}::int) AS i
      CROSS JOIN LATERAL (SELECT ${requestedAt(tx, tx`i`)} - random() * interval '100 hours' AS at) t
      JOIN pairs p ON p.n = i % (SELECT count(*) FROM pairs)`,
    );
    // The facts as the service would have kept them: a report some hours after its generation, a
    // history drawn at random, a blank output now and then.
    await timed(
      "refund requests with their facts",
      () => tx`
      INSERT INTO refund_requests (generation_id, customer_id, feature_key, platform, reason, details, source, status,
        decision_message, policy_version, trace, facts, created_at)
      SELECT g.id, g.customer_id, g.feature_key, g.platform, 'distorted', 'The product is stretched and bent.', 'api',
        'in_review', 'Not decided yet.', (SELECT max(version) FROM refund_policies), '[]'::jsonb,
        jsonb_build_object(
          'v', 1,
          'now', to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'generation', jsonb_build_object(
            'status', 'succeeded',
            'createdAt', to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'featureName', f.name, 'platform', g.platform, 'context', g.context,
            'decisionMode', f.decision_mode, 'capturedCredits', g.cost),
          'eligibility', jsonb_build_object(
            'platforms', (SELECT jsonb_object_agg(e.platform, e.eligible) FROM feature_eligibility e WHERE e.feature_key = g.feature_key),
            'contexts', (SELECT jsonb_object_agg(c.context, c.eligible) FROM context_eligibility c)),
          'customer', jsonb_build_object(
            'suspended', false,
            'signedUpAt', to_char(c.signed_up_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
          'recent', jsonb_build_object('requests', earlier, 'refundedCredits', refunded, 'spentCredits', refunded + spent),
          'unusableFindings', CASE WHEN random() < 0.05 THEN '["The image is blank: a single colour."]'::jsonb ELSE '[]'::jsonb END,
          'downloadedThenUsed', null),
        requested_at
      FROM generations g
      JOIN features f ON f.key = g.feature_key
      JOIN customers c ON c.id = g.customer_id
      CROSS JOIN LATERAL (
        SELECT ${requestedAt(tx, tx`substring(g.id FROM 14)::int`)} AS requested_at,
          floor(random() * random() * 25)::int AS earlier,
          floor(random() * 40)::int AS refunded,
          20 + floor(random() * 200)::int AS spent
      ) draw
      WHERE g.id LIKE 'simbench-gen-%'`,
    );
  });
  await timed("decisions by the policy in force", () => decideAll(sql));
  await timed("vacuum analyze", () => sql`VACUUM (ANALYZE) customers, generations, refund_requests`);
}

/** Each request's status and trace as the real policy records them, written back a chunk at a time. */
async function decideAll(sql: postgres.Sql) {
  const policy = await policyInForce();
  const settings = { version: policy.version, ...policy.refundRules };
  const decided: { id: string; decision: PolicyDecision; captured: number }[] = [];
  await sql`SELECT id, facts FROM refund_requests WHERE facts IS NOT NULL`.cursor(5_000, (rows) => {
    for (const row of rows) {
      const facts = readStoredFacts(row.facts);
      decided.push({
        id: row.id,
        decision: decideRefund({ ...facts, settings }),
        captured: facts.generation.capturedCredits,
      });
    }
  });
  for (let start = 0; start < decided.length; start += 5_000) {
    const chunk = decided.slice(start, start + 5_000).map(({ id, decision, captured }) => ({
      id,
      status: statusOf[decision.outcome],
      code: decision.outcome === "review" ? null : decision.code,
      message: decision.message,
      refunded: decision.outcome === "approve" ? captured : 0,
      trace: decision.trace,
    }));
    await sql`
      UPDATE refund_requests r SET status = v.status::refund_status, decision_code = v.code,
        decision_message = v.message, credits_refunded = v.refunded, trace = v.trace,
        decided_by = CASE WHEN v.status = 'in_review' THEN NULL ELSE 'policy'::refund_decider END,
        decided_at = CASE WHEN v.status = 'in_review' THEN NULL ELSE r.created_at END
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS v(id uuid, status text, code text, message text, refunded int, trace jsonb)
      WHERE r.id = v.id`;
  }
}

function percentile(sorted: number[], share: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
  if (value === undefined) throw new Error("a percentile needs at least one timing");
  return value;
}

await withDatabase(async (appUrl) => {
  const benchUrl = new URL(appUrl);
  benchUrl.pathname = `/${benchName}`;
  const admin = postgres(appUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await admin`SELECT 1 FROM pg_database WHERE datname = ${benchName}`;
    if (!existing) await admin`CREATE DATABASE ${admin(benchName)}`;
    await migrateDatabase(benchUrl.toString());
    // The simulator reads through the app's pool, which opens on first use, here straight on the bench database.
    process.env.DATABASE_URL = benchUrl.toString();
    delete process.env.DATABASE_DIRECT_URL;
    const { sql } = connect(benchUrl.toString(), 2);
    try {
      const present = oneRow(
        await sql`SELECT count(*)::int AS count FROM refund_requests WHERE customer_id LIKE 'simbench-%'`,
        "bench request count",
      ).count;
      if (present >= requestCount) {
        console.log(`Reusing ${present.toLocaleString("en")} requests in ${benchName}.`);
      } else {
        console.log(`Building ${requestCount.toLocaleString("en")} requests with facts in ${benchName}…`);
        await build(sql);
      }
      const rules = (await policyInForce()).refundRules;
      // Stricter: a day's window instead of three, half the soft and hard limits, no young accounts spared.
      const draft = {
        ...rules,
        windowHours: 24,
        softLimitRequests: Math.max(1, Math.floor(rules.softLimitRequests / 2)),
        hardLimitRequests: Math.max(1, Math.floor(rules.hardLimitRequests / 2)),
      };
      console.log(
        `Draft: window ${draft.windowHours} h, soft limit ${draft.softLimitRequests}, hard limit ${draft.hardLimitRequests}.`,
      );
      const seconds: number[] = [];
      for (let run = 0; run <= runs; run += 1) {
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const simulation = await simulatePolicy(draft, { days: 30 });
        const elapsed = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        // The first run warms the caches and the code and is not counted.
        if (run > 0) seconds.push(elapsed);
        console.log(
          `  run ${run}${run === 0 ? " (warm-up)" : ""}: ${elapsed.toFixed(2)} s (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s of this process's CPU), ${simulation.requests.toLocaleString("en")} replayed, ${simulation.changed.toLocaleString("en")} would change, ${simulation.customersAffected.toLocaleString("en")} customers`,
        );
      }
      seconds.sort((a, b) => a - b);
      // Other work on the machine slows every figure down; the load says how busy it was.
      console.log(
        `Load average: ${os
          .loadavg()
          .map((load) => load.toFixed(2))
          .join(", ")} on ${os.availableParallelism()} cores.`,
      );
      console.log(
        `simulatePolicy on ${requestCount.toLocaleString("en")} requests: p50 ${percentile(seconds, 0.5).toFixed(2)} s, max ${percentile(seconds, 1).toFixed(2)} s over ${runs} runs`,
      );
    } finally {
      await sql.end({ timeout: 5 });
      await closeDb();
    }
    if (!keep) {
      await admin`DROP DATABASE IF EXISTS ${admin(benchName)} WITH (FORCE)`;
      console.log(`Dropped ${benchName} (pass -- --keep to reuse it next time).`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
});
