import { asc, eq } from "drizzle-orm";
import type postgres from "postgres";
import { connect } from "@/db/client";
import * as schema from "@/db/schema";
import { queuePage, type QueueFilters } from "@/lib/support/queue";
import { withDatabase } from "./database";

/**
 * How long the support queue takes to load on the app's database, as the /support page asks for it:
 * the first page and the next one, with and without filters, and a page deep in the queue. Then the
 * plan of every statement behind them. Run it after `npm run seed:large` to see 100,000 pending.
 */

const warmUps = 3;
const runs = 25;

const filterCases: { label: string; filters: QueueFilters }[] = [
  { label: "no filter", filters: {} },
  { label: "platform web", filters: { platform: "web" } },
  { label: "breached only", filters: { breachedOnly: true } },
  { label: "feature recolor, reason blurry", filters: { feature: "recolor", reason: "blurry" } },
  // Hardly any pending video reports: the filter that must look furthest to fill a page.
  { label: "feature video_generator", filters: { feature: "video_generator" } },
];

type Load = { label: string; page: string; load: () => Promise<unknown> };

type Statement = { text: string; parameters: unknown[] };

/** The statements the pool sends while `recording` is on, so that the ones behind a page can be explained. */
let recorded: Statement[] = [];
let recording = false;

function percentile(sorted: number[], share: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
  if (value === undefined) throw new Error("a percentile needs at least one timing");
  return value;
}

async function measure(load: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let run = 0; run < warmUps; run += 1) await load();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await load();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);

/** The statement that reads the page itself, ordered by arrival, as opposed to the settings and the counts. */
const pageQuery = /order by "?refund_requests"?\."?created_at"?/;

/** What tells one statement from another: its first table and its conditions. */
function gist(text: string): string {
  const flat = text.replace(/\s+/g, " ").replaceAll('"', "");
  const table = / from (\S+)/.exec(flat)?.[1] ?? "?";
  const where = / where (.*?)(?: group by| order by| limit|$)/.exec(flat)?.[1];
  return where ? `${table} where ${where}` : table;
}

/** The plan's timings, the rows it read only to drop them, and its scans: what says whether an index does the work. */
function planSummary(lines: string[]): string {
  const scans = lines
    .map((line) => /(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)( using \S+)? on \S+/.exec(line)?.[0])
    .filter((scan): scan is string => scan !== undefined);
  const timings = lines.filter((line) => /^(Planning|Execution) Time/.test(line));
  const skipped = lines.reduce((sum, line) => sum + Number(/Rows Removed by Filter: (\d+)/.exec(line)?.[1] ?? 0), 0);
  return [...timings, `rows read and dropped: ${skipped}`, ...new Set(scans)].join("; ");
}

await withDatabase(async (url) => {
  // Unnamed statements, each planned for its own parameters, as the EXPLAIN below plans them.
  const { sql, db } = connect(url, 1, {
    prepare: false,
    onStatement: (text, parameters) => {
      if (recording) recorded.push({ text, parameters });
    },
  });
  const loader = (filters: QueueFilters, cursor?: string) => () => queuePage(filters, cursor, new Date(), db);
  const { refundRequests } = schema;
  try {
    const [counted] = await sql`SELECT count(*)::int AS pending FROM refund_requests WHERE status = 'in_review'`;
    const pending = Number(counted?.pending ?? 0);
    const loads: Load[] = [];
    for (const { label, filters } of filterCases) {
      const { next } = await queuePage(filters, undefined, new Date(), db);
      loads.push({ label, page: "first", load: loader(filters) });
      if (next) loads.push({ label, page: "next", load: loader(filters, next) });
    }
    // A cursor is the last request of a page; this one jumps where paging would take minutes.
    const [deep] = await db
      .select({ id: refundRequests.id })
      .from(refundRequests)
      .where(eq(refundRequests.status, "in_review"))
      .orderBy(asc(refundRequests.createdAt), asc(refundRequests.id))
      .offset(Math.floor(pending * 0.9))
      .limit(1);
    if (deep) {
      loads.push({ label: "no filter", page: "90% in", load: loader({}, deep.id) });
    }

    console.log(
      `Queue: ${pending.toLocaleString("en")} pending requests. ${runs} loads each after ${warmUps} to warm up.\n`,
    );
    console.log(`${"filters".padEnd(34)}${"page".padEnd(8)}${"median".padStart(10)}${"p95".padStart(10)}`);
    for (const { label, page, load } of loads) {
      const { median, p95 } = await measure(load);
      console.log(`${label.padEnd(34)}${page.padEnd(8)}${ms(median)}${ms(p95)}`);
    }

    console.log("\nEXPLAIN ANALYZE of each page's own query, and of the ones every page shares once:");
    const explained = new Set<string>();
    for (const { label, page, load } of loads) {
      recorded = [];
      recording = true;
      await load();
      recording = false;
      for (const { text, parameters } of recorded) {
        const key = pageQuery.test(text) ? `${label} ${page}` : text;
        if (explained.has(key)) continue;
        explained.add(key);
        const plan = await sql.unsafe(`EXPLAIN ANALYZE ${text}`, parameters as postgres.ParameterOrJSON<never>[]);
        console.log(`\n  ${label}, ${page}: ${gist(text)}`);
        console.log(`    ${planSummary(plan.map((row) => String(row["QUERY PLAN"]).trim()))}`);
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
});
