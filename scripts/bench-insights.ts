import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/db/schema";
import { insightActionsWithEffect } from "@/lib/insights/actions";
import { insightsFor } from "@/lib/insights/insights";
import { lastDays } from "@/lib/insights/periods";
import { refundInsightRows } from "@/lib/insights/refund-rows";
import { withDatabase } from "./database";

/**
 * How long insights take on the server, on the app's database: everything /admin/insights reads and
 * works out for the last 30 days beside the 30 before (and the actions' before and after), and
 * GET /api/v1/insights/refunds for the same 30 days by each grouping. A few loads to warm up, then the
 * median and 95th percentile of many. Run it after `npm run seed:insights`.
 */

const warmUps = 3;
const runs = 30;
const target = 300;

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

await withDatabase(async (url) => {
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  const db = drizzle(sql, { schema });
  try {
    const [counted] = await sql`
      SELECT (SELECT count(*) FROM generations)::int AS generations,
        (SELECT count(*) FROM refund_requests WHERE kind = 'generation')::int AS reports,
        (SELECT count(*) FROM insight_rollup_days)::int AS rolled_up,
        (SELECT count(DISTINCT day) FROM insight_changes)::int AS waiting`;
    const period = lastDays(30);
    console.log(
      `${Number(counted?.generations).toLocaleString("en")} generations, ${Number(counted?.reports).toLocaleString("en")} reports; ` +
        `${counted?.rolled_up} days rolled up, ${counted?.waiting} waiting to be rebuilt.`,
    );
    console.log(
      `Period ${period.from} to ${period.to} (exclusive) beside the 30 days before. ${runs} loads each after ${warmUps} to warm up.\n`,
    );
    const loads: { label: string; load: () => Promise<unknown> }[] = [
      {
        label: "/admin/insights (30 days + previous, actions)",
        load: () => Promise.all([insightsFor(period, db), insightActionsWithEffect(new Date(), db)]),
      },
      { label: "/admin/insights figures and themes only", load: () => insightsFor(period, db) },
      ...(["feature", "platform", "modelVersion"] as const).map((by) => ({
        label: `GET /api/v1/insights/refunds by=${by}`,
        load: () => refundInsightRows(period, by, db),
      })),
    ];
    console.log(`${"load".padEnd(50)}${"p50".padStart(10)}${"p95".padStart(10)}`);
    for (const { label, load } of loads) {
      const { median, p95 } = await measure(load);
      console.log(`${label.padEnd(50)}${ms(median)}${ms(p95)}${p95 <= target ? "" : `  over the ${target} ms target`}`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
});
