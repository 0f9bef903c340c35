import "server-only";
import { sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { Context, DecisionMode, GenerationStatus, Platform } from "@/db/enums";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { unusableFindings, type QualityCheckLike } from "@/lib/quality/verdict";
import { limitPeriodDays, type RuleName, type TraceEntry, type Verdict } from "./policy";
import { storedFacts, type RequestFacts } from "./stored-facts";

/**
 * Facts for the requests decided before facts were kept with each request, rebuilt from the records
 * and marked `facts_rebuilt`. Exact: the time (the request's own), the generation, the account's age,
 * the requests and credits of the 30 days before it, and what the quality checks had found by then.
 * Where the request's trace recorded a verdict (suspension, the two eligibility cells, the
 * downloaded-then-used rule, the feature's mode), the verdict decides the fact; where it did not,
 * today's records stand in, and today's eligibility matrix need not be what it was then.
 */

type Row = {
  id: string;
  requested_at: string;
  trace: TraceEntry[] | null;
  generation_status: Exclude<GenerationStatus, "running">;
  generated_at: string;
  platform: Platform;
  context: Context;
  feature_name: string;
  mode_today: DecisionMode;
  platforms_today: Partial<Record<Platform, boolean>> | null;
  signed_up_at: string;
  suspended_at: string | null;
  captured: string;
  earlier_requests: number;
  refunded: string;
  spent: string;
  used_downstream: boolean | null;
  check_status: QualityCheckLike["status"] | null;
  decodes: boolean | null;
  uniform: boolean | null;
  width: number | null;
  height: number | null;
  expected_width: number | null;
  expected_height: number | null;
};

const defaultBatchSize = 1_000;

function verdictOf(trace: TraceEntry[] | null, rule: RuleName): Verdict | undefined {
  return Array.isArray(trace) ? trace.find((entry) => entry.rule === rule)?.verdict : undefined;
}

function rebuilt(row: Row, contextsToday: Partial<Record<Context, boolean>>): RequestFacts {
  const requestedAt = new Date(row.requested_at);
  const verdict = (rule: RuleName) => verdictOf(row.trace, rule);
  const platformVerdict = verdict("feature_eligible");
  const contextVerdict = verdict("context_eligible");
  const suspended = verdict("account_active");
  const mode = verdict("decision_mode");
  const downstream = verdict("not_used_downstream");
  return {
    now: requestedAt,
    generation: {
      status: row.generation_status,
      createdAt: new Date(row.generated_at),
      featureName: row.feature_name,
      platform: row.platform,
      context: row.context,
      decisionMode: mode === "review" ? "review" : mode === "approve" ? "instant" : row.mode_today,
      capturedCredits: Number(row.captured),
    },
    eligibility: {
      platforms: {
        ...row.platforms_today,
        ...(platformVerdict ? { [row.platform]: platformVerdict === "pass" } : {}),
      },
      contexts: { ...contextsToday, ...(contextVerdict ? { [row.context]: contextVerdict === "pass" } : {}) },
    },
    customer: {
      suspended: suspended
        ? suspended === "deny"
        : row.suspended_at !== null && new Date(row.suspended_at) <= requestedAt,
      signedUpAt: new Date(row.signed_up_at),
    },
    recent: {
      requests: row.earlier_requests,
      refundedCredits: Number(row.refunded),
      spentCredits: Number(row.spent),
    },
    unusableFindings: unusableFindings(
      row.check_status === null
        ? null
        : {
            status: row.check_status,
            decodes: row.decodes,
            uniform: row.uniform,
            width: row.width,
            height: row.height,
            expectedWidth: row.expected_width,
            expectedHeight: row.expected_height,
          },
    ),
    downloadedThenUsed: downstream === "off" ? null : downstream ? downstream === "deny" : row.used_downstream,
  };
}

/**
 * One batch, in its own transaction: the next requests without facts after `after`, locked so that two
 * workers never rebuild the same ones, and the facts written only where none exist yet.
 */
async function rebuildBatch(after: string, batchSize: number): Promise<{ last: string | null; rebuilt: number }> {
  return db.transaction(async (tx) => {
    const since = sql`r.created_at - ${limitPeriodDays} * interval '1 day'`;
    const rows = (await tx.execute(sql`
      WITH batch AS (
        SELECT id FROM refund_requests
        WHERE kind = 'generation' AND facts IS NULL AND id > ${after}::uuid
        ORDER BY id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      SELECT r.id, r.created_at AS requested_at, r.trace,
        g.status AS generation_status, g.created_at AS generated_at, g.platform, g.context,
        f.name AS feature_name, f.decision_mode AS mode_today,
        (SELECT jsonb_object_agg(e.platform, e.eligible) FROM feature_eligibility e WHERE e.feature_key = g.feature_key)
          AS platforms_today,
        c.signed_up_at, c.suspended_at,
        (SELECT coalesce(sum(capture.amount), 0) FROM transfers hold
          JOIN transfers capture ON capture.pending_id = hold.id AND capture.kind = 'capture'
          WHERE hold.generation_id = g.id AND hold.kind = 'hold') AS captured,
        (SELECT count(*) FROM refund_requests e
          WHERE e.customer_id = r.customer_id AND e.created_at >= ${since} AND e.created_at < r.created_at)::int
          AS earlier_requests,
        credits.refunded, credits.spent,
        -- Only asked when the trace does not say: downloaded, then the input of a later generation, all before the report.
        CASE WHEN p.deny_downloaded_then_used THEN g.downloaded_at <= r.created_at AND EXISTS (
          SELECT 1 FROM generations later
          WHERE later.customer_id = g.customer_id AND later.input_url = g.output_url
            AND later.created_at >= g.downloaded_at AND later.created_at < r.created_at
        ) END AS used_downstream,
        q.status AS check_status, q.decodes, q.uniform, q.width, q.height, q.expected_width, q.expected_height
      FROM batch
      JOIN refund_requests r ON r.id = batch.id
      JOIN generations g ON g.id = r.generation_id
      JOIN features f ON f.key = g.feature_key
      JOIN customers c ON c.id = r.customer_id
      JOIN refund_policies p ON p.version = r.policy_version
      LEFT JOIN quality_checks q ON q.generation_id = g.id AND q.checked_at <= r.created_at
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(t.amount) FILTER (WHERE t.kind = 'refund'), 0) AS refunded,
          coalesce(sum(t.amount) FILTER (WHERE t.kind = 'capture'), 0) AS spent
        FROM transfers t JOIN ledger_accounts a ON a.id = t.customer_account_id
        WHERE a.customer_id = r.customer_id AND t.kind IN ('refund', 'capture')
          AND t.created_at >= ${since} AND t.created_at < r.created_at
          -- This request's own refund is written in its transaction, and may carry an earlier time.
          AND NOT (t.kind = 'refund' AND t.generation_id = r.generation_id)
      ) credits
      ORDER BY r.id`)) as unknown as Row[];
    const last = rows.at(-1)?.id ?? null;
    if (last === null) return { last, rebuilt: 0 };
    const contexts = (await tx.execute(sql`SELECT context, eligible FROM context_eligibility`)) as unknown as {
      context: Context;
      eligible: boolean;
    }[];
    const contextsToday = Object.fromEntries(contexts.map((row) => [row.context, row.eligible]));
    const facts = rows.map((row) => ({ id: row.id, facts: storedFacts(rebuilt(row, contextsToday)) }));
    const updated = (await tx.execute(sql`
      UPDATE refund_requests r SET facts = v.facts, facts_rebuilt = true
      FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS v(id uuid, facts jsonb)
      WHERE r.id = v.id AND r.facts IS NULL
      RETURNING r.id`)) as unknown as unknown[];
    return { last, rebuilt: updated.length };
  });
}

/**
 * Rebuilds the facts of every "Bad result" request that has none, a batch per transaction, and says
 * how many it rebuilt. Running it again, or twice at once, rebuilds nothing twice.
 */
export async function rebuildMissingFacts({ batchSize = defaultBatchSize } = {}): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let total = 0;
  for (;;) {
    const { last, rebuilt } = await rebuildBatch(after, batchSize);
    if (last === null) return total;
    total += rebuilt;
    after = last;
  }
}

/** Asks a worker to rebuild what is missing; asking again while that job waits adds no second one. */
export async function requestFactsRebuild(executor: Executor = db): Promise<void> {
  await enqueueJob(executor, "refunds.rebuild_facts", {}, { jobKey: "refunds.rebuild_facts" });
}
