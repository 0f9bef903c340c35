import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { connect } from "@/db/client";
import * as schema from "@/db/schema";
import { refreshInsightRollups } from "@/lib/insights/rollups";
import { oneRow } from "@/lib/sql/one-row";
import { withDatabase } from "./database";

/**
 * Loads insights: 1,000,000 generations over the last 90 days from 20,000 made-up customers, and
 * 200,000 "Bad result" reports of them, with an exact ledger. As in seed:large, each table is filled by
 * one INSERT … SELECT from a plan drawn once, all in one transaction. Every customer gets one grant
 * covering all their work; each generation a hold and its capture (or, for the failed and expired, a
 * release); each approved report a refund of what was captured. Each transfer's available_after is the
 * running balance, and the stored balances are their sums. Virtual Model's v2, made in the last 30
 * days, is approved more often, so that insights have a flag to raise. Rows go in in time order, as a
 * live system writes them, so that a day's rows sit together on disk. Customers' ids start with
 * "ins-", which is how a second run knows. Then the insight rollups are built.
 */

const customerCount = 20_000;
const generationCount = 1_000_000;
const spreadDays = 90;
const marker = "ins-";

/** Per hundred generations, by position: 92 succeed, 7 fail, 1 expires; the first 20 are reported. */
const reportedPerHundred = 20;
const succeededPerHundred = 92;
const failedPerHundred = 7;

/** What customers write: a complaint, sometimes with a second sentence, so that themes recur in varied words. */
const complaints: Record<string, string[]> = {
  artifacts: [
    "The model has six fingers on her left hand",
    "There are smudged patches over the left sleeve",
    "A seam runs through the background",
    "A ghostly second outline shows behind the product",
    "Strange grey blobs appear around the edges",
  ],
  distorted: [
    "The product is stretched and the proportions are wrong",
    "The chair legs are bent and one is missing",
    "The face looks melted and the hands have six fingers",
    "The bottle neck is twisted",
  ],
  blurry: [
    "The label text is unreadable while it is sharp in my photo",
    "The logo is blurry at full size",
    "Everything past the product is a soft blur",
  ],
  misunderstood: [
    "I asked for a beach background and got a kitchen",
    "The background is gone, only plain white remains",
    "It changed the colour of the product instead of the background",
  ],
  incomplete: [
    "The shadow layer is missing",
    "The bottom third of the product is cut off",
    "The background is gone and the product floats on nothing",
  ],
  corrupted: ["The downloaded file opens as a black rectangle", "The file is 0 KB and no app can open it"],
  other: ["The colours are completely off: the red came out orange", "The output shows someone else's product"],
};
const tails = [
  "",
  " I used the same settings as last week.",
  " This happens every time now.",
  " Please check it.",
  " Second time this week.",
];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** One row per generation with everything the inserts need, drawn once so that every table agrees. */
async function plan(tx: postgres.TransactionSql) {
  const reasons = Object.keys(complaints);
  const texts = Object.entries(complaints).flatMap(([reason, lines]) =>
    lines.flatMap((line) => tails.map((tail) => ({ reason, text: `${line}.${tail}` }))),
  );
  await tx`
    CREATE TEMP TABLE ins_customers ON COMMIT DROP AS
    SELECT c, ${marker}::text || lpad(c::text, 5, '0') AS customer_id,
      nextval(pg_get_serial_sequence('ledger_accounts', 'id')) AS account_id
    FROM generate_series(0, ${customerCount - 1}::int) AS c`;
  await tx`
    CREATE TEMP TABLE ins_plan ON COMMIT DROP AS
    WITH catalog AS (
      SELECT key, credit_cost, (row_number() OVER (ORDER BY position) - 1)::int AS n FROM features
    ), draws AS (
      SELECT i, random() AS age, random() AS pick, random() AS lean, random() AS delay, random() AS verdict,
        random() AS wording
      FROM generate_series(1, ${generationCount}::int) AS i
    ), placed AS (
      SELECT d.*, f.key AS feature_key, f.credit_cost AS cost,
        (ARRAY['ios', 'android', 'web'])[1 + floor(d.lean * 3)::int]::platform AS platform,
        date_trunc('milliseconds', now() - interval '1 hour' - d.age * ${spreadDays}::int * interval '1 day') AS created_at
      FROM draws d JOIN catalog f ON f.n = floor(d.pick * (SELECT count(*) FROM catalog))::int
    )
    SELECT p.i, c.customer_id, c.account_id, p.feature_key, p.platform, p.cost, p.created_at,
      ${marker}::text || 'gen-' || lpad(p.i::text, 7, '0') AS generation_id,
      CASE WHEN p.i % 100 < ${succeededPerHundred} THEN 'succeeded'
        WHEN p.i % 100 < ${succeededPerHundred + failedPerHundred} THEN 'failed' ELSE 'expired' END::generation_status AS status,
      CASE WHEN p.feature_key = 'virtual_model' AND p.created_at > now() - interval '30 days' THEN 'v2' ELSE 'v1' END AS model_version,
      p.created_at + interval '40 seconds' AS finished_at,
      p.i % 100 < ${reportedPerHundred} AS reported,
      least(p.created_at + interval '5 minutes' + p.delay * interval '30 hours', now() - interval '1 minute') AS requested_at,
      p.verdict, 1 + floor(p.wording * ${texts.length})::int AS wording
    FROM placed p JOIN ins_customers c ON c.c = p.i % ${customerCount}`;
  await tx`
    CREATE TEMP TABLE ins_requests ON COMMIT DROP AS
    SELECT p.*,
      (${texts.map((text) => text.reason)}::text[])[p.wording]::refund_reason AS reason,
      (${texts.map((text) => text.text)}::text[])[p.wording] AS details,
      CASE WHEN p.requested_at > now() - interval '24 hours' THEN 'in_review'
        WHEN p.verdict < CASE WHEN p.model_version = 'v2' THEN 0.85 ELSE 0.45 END THEN 'approved'
        ELSE 'denied' END::refund_status AS decided
    FROM ins_plan p WHERE p.reported`;
  console.log(`  (${reasons.length} reasons, ${texts.length} wordings)`);
}

/**
 * Every change to a customer's available credits, in order, with the running balance after it: what
 * each transfer's available_after says. A capture moves held credits to spent, which leaves available as it was.
 */
async function movements(tx: postgres.TransactionSql) {
  await tx`
    CREATE TEMP TABLE ins_grants ON COMMIT DROP AS
    SELECT customer_id, account_id, sum(cost)::int + 100 AS amount, min(created_at) - interval '1 day' AS at
    FROM ins_plan GROUP BY customer_id, account_id`;
  await tx`
    CREATE TEMP TABLE ins_moves ON COMMIT DROP AS
    WITH moves AS (
      SELECT account_id, at, 0 AS step, 'grant' AS kind, NULL::text AS generation_id, amount, amount AS delta FROM ins_grants
      UNION ALL SELECT account_id, created_at, 1, 'hold', generation_id, cost, -cost FROM ins_plan
      UNION ALL SELECT account_id, finished_at, 2, CASE WHEN status = 'succeeded' THEN 'capture' ELSE 'release' END,
        generation_id, cost, CASE WHEN status = 'succeeded' THEN 0 ELSE cost END FROM ins_plan
      UNION ALL SELECT account_id, requested_at, 3, 'refund', generation_id, cost, cost FROM ins_requests
        WHERE decided = 'approved'
    )
    SELECT *, sum(delta) OVER (PARTITION BY account_id ORDER BY at, step, generation_id) AS available_after FROM moves`;
}

async function build(tx: postgres.TransactionSql) {
  const policy = oneRow(
    await tx`SELECT version FROM refund_policies ORDER BY version DESC LIMIT 1`,
    "policy version in force",
  );
  await timed("plan", () => plan(tx));
  await timed("running balances", () => movements(tx));
  await timed("customers and their accounts", async () => {
    await tx`
      INSERT INTO customers (id, email, name, signed_up_at, created_at)
      SELECT g.customer_id, g.customer_id || '@insights.example.com', 'Insights customer ' || g.customer_id, g.at, g.at
      FROM ins_grants g`;
    await tx`
      INSERT INTO ledger_accounts (id, kind, customer_id, posted, held)
      SELECT g.account_id, 'customer', g.customer_id, g.amount - coalesce(spent.total, 0) + coalesce(refunded.total, 0), 0
      FROM ins_grants g
      LEFT JOIN (SELECT account_id, sum(cost) AS total FROM ins_plan WHERE status = 'succeeded' GROUP BY account_id) spent
        ON spent.account_id = g.account_id
      LEFT JOIN (SELECT account_id, sum(cost) AS total FROM ins_requests WHERE decided = 'approved' GROUP BY account_id) refunded
        ON refunded.account_id = g.account_id`;
  });
  await timed(
    "generations",
    () => tx`
    INSERT INTO generations (id, customer_id, feature_key, platform, context, cost, status, model_version, output_url,
      error_code, created_at, hold_expires_at, finished_at)
    SELECT generation_id, customer_id, feature_key, platform, 'editor', cost, status, model_version,
      CASE WHEN status = 'succeeded' THEN 'https://cdn.example.com/' || generation_id || '.png' END,
      CASE WHEN status = 'failed' THEN 'gpu_out_of_memory' END,
      created_at, created_at + interval '15 minutes', finished_at
    FROM ins_plan ORDER BY created_at`,
  );
  await timed("grants, holds, captures, releases and refunds", async () => {
    const system = (kind: string) => tx`(SELECT id FROM ledger_accounts WHERE kind = ${kind}::account_kind)`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, memo, created_at)
      SELECT 'grant:' || g.customer_id || '/insights', 'grant', ${system("grants")}, g.account_id, g.amount, g.account_id,
        m.available_after, 'Insights seed credits', g.at
      FROM ins_grants g JOIN ins_moves m ON m.account_id = g.account_id AND m.kind = 'grant'`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, generation_id, created_at)
      SELECT 'hold:' || generation_id, 'hold', account_id, ${system("consumed")}, amount, account_id, available_after,
        generation_id, at
      FROM ins_moves WHERE kind = 'hold' ORDER BY at`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, pending_id, generation_id, memo, created_at)
      -- A capture moves the held credits on to consumed; a release gives them back to the customer.
      SELECT m.kind || ':' || m.generation_id, m.kind::transfer_kind,
        CASE WHEN m.kind = 'capture' THEN h.debit_account_id ELSE h.credit_account_id END,
        CASE WHEN m.kind = 'capture' THEN h.credit_account_id ELSE h.debit_account_id END, m.amount,
        m.account_id, m.available_after, h.id, m.generation_id, CASE WHEN m.kind = 'release' THEN 'gpu_out_of_memory' END, m.at
      FROM ins_moves m JOIN transfers h ON h.generation_id = m.generation_id AND h.kind = 'hold'
      WHERE m.kind IN ('capture', 'release') ORDER BY m.at`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, generation_id, memo, created_at)
      SELECT 'refund:' || generation_id, 'refund', ${system("consumed")}, account_id, amount, account_id, available_after,
        generation_id, 'refund.approved', at
      FROM ins_moves WHERE kind = 'refund'`;
  });
  await timed(
    "refund requests",
    () => tx`
    INSERT INTO refund_requests (generation_id, customer_id, feature_key, platform, reason, details, source, status,
      decision_code, decision_message, decided_by, decided_at, credits_refunded, policy_version, trace, created_at)
    SELECT generation_id, customer_id, feature_key, platform, reason, details, 'api', decided,
      CASE decided WHEN 'approved' THEN 'refund.approved' WHEN 'denied' THEN 'refund.window_expired' END,
      CASE decided WHEN 'approved' THEN 'Refunded.' WHEN 'denied' THEN 'Not refunded.' ELSE 'We will review it.' END,
      CASE WHEN decided <> 'in_review' THEN 'policy' END::refund_decider,
      CASE WHEN decided <> 'in_review' THEN requested_at END,
      CASE WHEN decided = 'approved' THEN cost ELSE 0 END,
      ${policy.version}::int, '[]'::jsonb, requested_at
    FROM ins_requests ORDER BY requested_at`,
  );
}

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to load 1,000,000 made-up generations into a production database (NODE_ENV=production).");
  process.exit(1);
}

await withDatabase(async (url) => {
  const { sql } = connect(url, 1);
  try {
    const existing = oneRow(
      await sql`SELECT count(*)::int AS count FROM customers WHERE id LIKE ${`${marker}%`}`,
      "insights customer count",
    );
    if (existing.count > 0) {
      console.log(`The insights data is already there (${existing.count} ${marker}* customers); nothing to do.`);
      return;
    }
    console.log(
      `Adding ${generationCount.toLocaleString("en")} generations and ${(generationCount * 0.2).toLocaleString("en")} reports…`,
    );
    const started = performance.now();
    await sql.begin(build);
    await timed(
      "vacuum analyze",
      () => sql`VACUUM (ANALYZE) customers, ledger_accounts, generations, transfers, refund_requests, insight_changes`,
    );
    const days = await timed("insight rollups", () => refreshInsightRollups(drizzle(sql, { schema })));
    console.log(`  (${days} days rolled up)`);
    await sql`VACUUM (ANALYZE) insight_daily, insight_daily_reports, insight_rollup_days, insight_changes`;
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await sql.end({ timeout: 5 });
  }
});
