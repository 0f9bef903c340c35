import type postgres from "postgres";
import { connect } from "@/db/client";
import type { RefundReason } from "@/db/enums";
import { samples, sampleUrl } from "@/lib/generations/samples";
import { oneRow } from "@/lib/sql/one-row";
import { withDatabase } from "./database";

/**
 * Fills the review queue with 100,000 pending requests, to show that the queue stays fast at that
 * size. Going through the service would take far too long, so each table is filled by one
 * INSERT … SELECT over generate_series, all in one transaction. Each request belongs to a new
 * customer, reported a few hours after signing up: the account-age rule really would have sent it to
 * review. The ledger stays exact: a welcome grant, then the generation's hold and its capture, with
 * the stored balances to match. Customers' ids start with "bulk-", which is how a second run knows.
 */

const requestCount = 100_000;
const spreadHours = 96;
const welcomeCredits = 50;
const marker = "bulk-";

const firstNames = [
  "Amara",
  "Ben",
  "Chloé",
  "Dmitri",
  "Elif",
  "Farah",
  "Goran",
  "Hana",
  "Iker",
  "Jun",
  "Kofi",
  "Lucía",
  "Mateo",
  "Nia",
  "Oskar",
  "Pooja",
  "Quinn",
  "Rosa",
  "Sven",
  "Yuki",
];
const lastNames = [
  "Adeyemi",
  "Bauer",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fernández",
  "Gupta",
  "Horvat",
  "Ito",
  "Jansen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Quispe",
  "Rossi",
  "Silva",
  "Tanaka",
];

const complaints: { reason: RefundReason; details: string }[] = [
  {
    reason: "artifacts",
    details: "There are smudged patches over the left sleeve and a seam runs through the background.",
  },
  { reason: "artifacts", details: "A ghostly second outline of the product shows up behind it, offset to the right." },
  {
    reason: "distorted",
    details: "The product is stretched vertically and no longer matches the proportions of my photo.",
  },
  { reason: "distorted", details: "The legs of the chair are bent and one of them is missing entirely." },
  { reason: "blurry", details: "The label text is unreadable in the result, while it is sharp in the original." },
  { reason: "misunderstood", details: "I asked for a plain white background and got a busy kitchen scene instead." },
  { reason: "incomplete", details: "The bottom third of the product is cut off and the shadow layer is missing." },
  { reason: "corrupted", details: "The downloaded file opens as a black rectangle in every app I tried." },
  { reason: "other", details: "The colours are completely off compared to the product: the red came out orange." },
];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** One row per request with everything the inserts need, drawn at random once so that they all agree. */
function plan(tx: postgres.TransactionSql) {
  const sampleUrls = samples.filter((sample) => !sample.forcedOutcome).map((sample) => sampleUrl(sample.id));
  return tx`
    CREATE TEMP TABLE bulk_plan ON COMMIT DROP AS
    WITH pairs AS (
      SELECT e.feature_key, e.platform, f.name AS feature_name, f.credit_cost,
        (row_number() OVER (ORDER BY f.position, e.platform) - 1)::int AS n
      FROM feature_eligibility e JOIN features f ON f.key = e.feature_key
      -- Every output here is a sample picture, which a video feature would never return.
      WHERE e.eligible AND f.kind = 'image'
    ), draws AS (
      SELECT i, random() AS age, random() AS gap, random() AS lead, random() AS pick, random() AS look
      FROM generate_series(1, ${requestCount}::int) AS i
    ), timed AS (
      -- Whole milliseconds, like every time the app writes: the queue's cursor carries no finer time.
      SELECT d.*,
        date_trunc('milliseconds', now() - d.age * ${spreadHours}::int * interval '1 hour') AS requested_at,
        date_trunc('milliseconds', interval '5 minutes' + d.gap * interval '6 hours') AS report_delay,
        date_trunc('milliseconds', interval '2 hours' + d.lead * interval '12 hours') AS signup_lead
      FROM draws d
    )
    SELECT t.i,
      ${marker}::text || lpad(t.i::text, 6, '0') AS customer_id,
      ${marker}::text || 'gen-' || lpad(t.i::text, 6, '0') AS generation_id,
      nextval(pg_get_serial_sequence('ledger_accounts', 'id')) AS account_id,
      p.feature_key, p.platform, p.feature_name, p.credit_cost AS cost,
      (${firstNames}::text[])[1 + t.i % ${firstNames.length}] || ' ' ||
        (${lastNames}::text[])[1 + (t.i / ${firstNames.length}) % ${lastNames.length}] AS name,
      (${sampleUrls}::text[])[1 + floor(t.look * ${sampleUrls.length})::int] AS sample_url,
      1 + floor(t.pick * ${complaints.length})::int AS complaint,
      t.requested_at,
      t.requested_at - t.report_delay AS generated_at,
      t.requested_at - t.report_delay + interval '40 seconds' AS finished_at,
      t.requested_at - t.report_delay - t.signup_lead AS signed_up_at
    FROM timed t
    JOIN pairs p ON p.n = t.i % (SELECT count(*) FROM pairs)`;
}

async function build(tx: postgres.TransactionSql) {
  const policy = oneRow(
    await tx`SELECT version, sla_hours, min_account_age_hours FROM refund_policies ORDER BY version DESC LIMIT 1`,
    "policy version in force",
  );
  await timed("plan", () => plan(tx));
  await timed("customers and their accounts", async () => {
    await tx`
      INSERT INTO customers (id, email, name, signed_up_at, created_at)
      SELECT customer_id, customer_id || '@bulk.example.com', name, signed_up_at, signed_up_at FROM bulk_plan`;
    await tx`
      INSERT INTO ledger_accounts (id, kind, customer_id, posted, held)
      SELECT account_id, 'customer', customer_id, ${welcomeCredits}::int - cost, 0 FROM bulk_plan`;
  });
  await timed("generations and quality checks", async () => {
    await tx`
      INSERT INTO generations (id, customer_id, feature_key, platform, context, cost, status, input_url, output_url,
        model_version, expected_width, expected_height, created_at, hold_expires_at, finished_at)
      SELECT generation_id, customer_id, feature_key, platform, 'editor', cost, 'succeeded',
        sample_url, sample_url, 'demo-1', 512, 512,
        generated_at, generated_at + interval '15 minutes', finished_at
      FROM bulk_plan`;
    await tx`
      INSERT INTO quality_checks (generation_id, status, decodes, format, width, height, expected_width, expected_height,
        uniform, spread, attempts, checked_at, created_at)
      SELECT generation_id, 'checked', true, 'png', 512, 512, 512, 512, false, 40 + random() * 50, 1, finished_at, finished_at
      FROM bulk_plan`;
  });
  await timed("grants, holds and captures", async () => {
    const system = (kind: string) => tx`(SELECT id FROM ledger_accounts WHERE kind = ${kind}::account_kind)`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, memo, created_at)
      SELECT 'grant:' || customer_id || '/bulk-welcome', 'grant', ${system("grants")}, account_id, ${welcomeCredits}::int,
        account_id, ${welcomeCredits}::int, 'Welcome credits', signed_up_at
      FROM bulk_plan`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, generation_id, created_at)
      SELECT 'hold:' || generation_id, 'hold', account_id, ${system("consumed")}, cost, account_id,
        ${welcomeCredits}::int - cost, generation_id, generated_at
      FROM bulk_plan`;
    await tx`
      INSERT INTO transfers (idempotency_key, kind, debit_account_id, credit_account_id, amount, customer_account_id,
        available_after, pending_id, generation_id, created_at)
      SELECT 'capture:' || p.generation_id, 'capture', p.account_id, h.credit_account_id, p.cost, p.account_id,
        ${welcomeCredits}::int - p.cost, h.id, p.generation_id, p.finished_at
      FROM bulk_plan p JOIN transfers h ON h.generation_id = p.generation_id AND h.kind = 'hold'`;
  });
  await timed("refund requests", () => {
    const reasons = complaints.map((complaint) => complaint.reason);
    const details = complaints.map((complaint) => complaint.details);
    // The trace an account-age review leaves, so the request page can say why it is waiting.
    return tx`
      INSERT INTO refund_requests (generation_id, customer_id, feature_key, platform, reason, details, source, status,
        decision_message, policy_version, trace, created_at)
      SELECT generation_id, customer_id, feature_key, platform, (${reasons}::text[])[complaint]::refund_reason,
        (${details}::text[])[complaint], 'api', 'in_review',
        ${`We'll review it within ${policy.sla_hours} hours.`}, ${policy.version}::int,
        jsonb_build_array(
          jsonb_build_object('rule', 'clearly_unusable', 'verdict', 'pass', 'detail', 'The quality checks found nothing clearly wrong.'),
          jsonb_build_object('rule', 'account_age', 'verdict', 'review', 'detail', format(
            'The account is %s hours old; accounts younger than %s hours are reviewed.',
            round(extract(epoch FROM requested_at - signed_up_at) / 3600), ${policy.min_account_age_hours}::int)),
          jsonb_build_object('rule', 'decision_mode', 'verdict', 'approve', 'detail', feature_name || ' reports are decided at once.')
        ),
        requested_at
      FROM bulk_plan`;
  });
}

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to load 100,000 made-up customers into a production database (NODE_ENV=production).");
  process.exit(1);
}

await withDatabase(async (url) => {
  const { sql } = connect(url, 1);
  try {
    const existing = oneRow(
      await sql`SELECT count(*)::int AS count FROM customers WHERE id LIKE ${`${marker}%`}`,
      "large queue customer count",
    );
    if (existing.count > 0) {
      console.log(`The large queue is already there (${existing.count} ${marker}* customers); nothing to do.`);
      return;
    }
    console.log(`Building a review queue of ${requestCount.toLocaleString("en")} pending requests…`);
    const started = performance.now();
    await sql.begin(build);
    // Statistics and the visibility map now, rather than whenever autovacuum comes by, so the planner
    // and the index-only count see the new rows from the first query on.
    await timed(
      "vacuum analyze",
      () => sql`VACUUM (ANALYZE) customers, ledger_accounts, generations, quality_checks, transfers, refund_requests`,
    );
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await sql.end({ timeout: 5 });
  }
});
