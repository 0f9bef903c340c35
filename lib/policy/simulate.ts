import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { RefundDecider } from "@/db/enums";
import { customers } from "@/db/schema";
import { decideRefund, type RefundRules, type RuleName, type TraceEntry } from "@/lib/refunds/policy";
import { statusOfOutcome } from "@/lib/refunds/policy-decision-columns";
import { readStoredFacts } from "@/lib/refunds/stored-facts";
import { ruleLabels } from "@/lib/support/labels";
import type { Outcome, PolicySimulation, SimulatedChange, SimulationDays } from "./simulation.shared";

/**
 * Replays the "Bad result" requests of the last days through the real policy function with a draft of
 * the refund rules, each with the facts it was decided on, and says what would have gone otherwise.
 *
 * "Before" is what the policy decided when the request came in: approved, denied, or sent to review. A
 * request an agent decided later counts as "in review" before, since agents decide only what the policy
 * sent to review and their decision is not the policy's to change. Credits are those the policy refunded
 * at once; the review queue's load is the requests per day the policy sent to review.
 *
 * Nothing is written: one READ ONLY transaction, the rows streamed through a cursor a chunk at a time
 * and folded into the totals as they come, so that 100,000 requests take a few seconds.
 */

/** How many changed requests the answer lists, newest first; the counts cover all of them. */
export const listedChanges = 500;

const chunkRows = 5_000;

const dayMs = 86_400_000;

type Row = {
  id: string;
  customer_id: string;
  requested_at: string;
  facts: unknown;
  facts_rebuilt: boolean;
  status: Outcome;
  decided_by: RefundDecider | null;
};

function emptyMatrix(): PolicySimulation["matrix"] {
  const row = () => ({ approved: 0, denied: 0, in_review: 0 });
  return { approved: row(), denied: row(), in_review: row() };
}

function decidingRule(trace: TraceEntry[]): RuleName {
  const deciding = trace.find((entry) => entry.verdict !== "pass" && entry.verdict !== "off");
  return deciding?.rule ?? "decision_mode";
}

/** A time as an ISO string in UTC, whatever the session's time zone: its first ten characters are its day. */
function utc(time: SQL) {
  return sql`to_char((${time}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export async function simulatePolicy(
  draft: RefundRules,
  { days }: { days: SimulationDays },
): Promise<PolicySimulation> {
  return db.transaction(
    async (tx) => {
      const [window] = (await tx.execute(sql`
        SELECT ${utc(sql`now() - ${days} * interval '1 day'`)} AS since, ${utc(sql`now()`)} AS until`)) as unknown as {
        since: string;
        until: string;
      }[];
      if (!window) throw new Error("the simulation's window could not be read");
      await tx.execute(sql`
        DECLARE simulated NO SCROLL CURSOR FOR
        SELECT r.id, r.customer_id, ${utc(sql`r.created_at`)} AS requested_at, r.facts, r.facts_rebuilt, r.status,
          r.decided_by
        FROM refund_requests r
        WHERE r.kind = 'generation' AND r.created_at >= ${window.since}::timestamptz`);

      const settings = { ...draft, version: 0 };
      const matrix = emptyMatrix();
      const queue = new Map<string, { before: number; after: number }>();
      const changes: SimulatedChange[] = [];
      const affected = new Set<string>();
      const credits = { before: 0, after: 0 };
      let requests = 0;
      let rebuilt = 0;
      let withoutFacts = 0;
      let downstreamUnknown = 0;

      const fetchChunk = async () =>
        (await tx.execute(sql`FETCH ${sql.raw(String(chunkRows))} FROM simulated`)) as unknown as Row[];
      // The next chunk is asked for before this one is replayed, so the database reads while the policy runs.
      let coming: Promise<Row[]> | null = fetchChunk();
      while (coming) {
        const rows: Row[] = await coming;
        coming = rows.length === chunkRows ? fetchChunk() : null;
        for (const row of rows) {
          if (row.facts === null) {
            withoutFacts += 1;
            continue;
          }
          const facts = readStoredFacts(row.facts);
          if (draft.denyDownloadedThenUsed && facts.downloadedThenUsed === null) downstreamUnknown += 1;
          const decision = decideRefund({
            ...facts,
            settings,
            // Nobody looked when the rule was off; the replay counts such an output as not used.
            downloadedThenUsed: draft.denyDownloadedThenUsed ? (facts.downloadedThenUsed ?? false) : null,
          });
          // Agents decide only what the policy sent to review.
          const before: Outcome = row.decided_by === "agent" ? "in_review" : row.status;
          const after = statusOfOutcome[decision.outcome];
          const captured = facts.generation.capturedCredits;
          requests += 1;
          if (row.facts_rebuilt) rebuilt += 1;
          matrix[before][after] += 1;
          if (before === "approved") credits.before += captured;
          if (after === "approved") credits.after += captured;
          if (before === "in_review" || after === "in_review") {
            const day = row.requested_at.slice(0, 10);
            const load = queue.get(day) ?? { before: 0, after: 0 };
            if (before === "in_review") load.before += 1;
            if (after === "in_review") load.after += 1;
            queue.set(day, load);
          }
          if (before !== after) {
            affected.add(row.customer_id);
            changes.push({
              id: row.id,
              customerId: row.customer_id,
              customer: row.customer_id,
              feature: facts.generation.featureName,
              requestedAt: row.requested_at,
              before,
              after,
              rule: ruleLabels[decidingRule(decision.trace)],
              rebuilt: row.facts_rebuilt,
            });
          }
        }
      }
      await tx.execute(sql`CLOSE simulated`);

      changes.sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : 0));
      const listed = changes.slice(0, listedChanges);
      const names = await customerNames(
        tx,
        listed.map((change) => change.customerId),
      );

      const since = Date.parse(window.since);
      const until = Date.parse(window.until);
      const queueDays: PolicySimulation["queue"]["days"] = [];
      for (let time = since; dayOf(time) <= dayOf(until); time += dayMs) {
        const day = dayOf(time);
        queueDays.push({ day, ...(queue.get(day) ?? { before: 0, after: 0 }) });
      }
      const total = (side: "before" | "after") => queueDays.reduce((sum, day) => sum + day[side], 0);

      return {
        days,
        since: window.since,
        until: window.until,
        requests,
        changed: changes.length,
        matrix,
        credits,
        queue: { days: queueDays, perDay: { before: total("before") / days, after: total("after") / days } },
        customersAffected: affected.size,
        changes: listed.map((change) => ({ ...change, customer: names.get(change.customerId) ?? change.customerId })),
        listed: listedChanges,
        rebuilt,
        withoutFacts,
        downstreamUnknown,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

async function customerNames(tx: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(inArray(customers.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.name ? `${row.name} (${row.email})` : row.email]));
}
