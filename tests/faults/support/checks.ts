import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { db } from "@/db/client";
import { verifyLedger } from "@/lib/ledger/verify";
import type { Chain } from "./load";

/** Every ledger invariant holds: the same check as `npm run ledger:verify`. */
export async function expectLedgerHolds() {
  const broken = (await verifyLedger(db)).filter((check) => check.violations.length > 0);
  expect(broken).toEqual([]);
}

/**
 * What the database holds for the chains' generations, once every call has been answered: each
 * generation exactly once, with one hold, one capture or release when it was resolved, and one
 * refund request when it was reported; and nothing else under `prefix`.
 */
export async function expectRecordedOnce(prefix: string, chains: Chain[]) {
  const rows = await db.execute<{ id: string; holds: number; settled: number; requests: number }>(sql`
    select g.id,
      (select count(*)::int from transfers t where t.generation_id = g.id and t.kind = 'hold') as holds,
      (select count(*)::int from transfers t where t.generation_id = g.id and t.kind in ('capture', 'release')) as settled,
      (select count(*)::int from refund_requests r where r.generation_id = g.id) as requests
    from generations g where starts_with(g.id, ${`${prefix}-`}) order by g.id`);
  const expected = chains
    .map((chain) => ({
      id: chain.generationId,
      holds: 1,
      settled: chain.steps.some((step) => step.kind === "succeed" || step.kind === "fail") ? 1 : 0,
      requests: chain.steps.some((step) => step.kind === "refund") ? 1 : 0,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  expect([...rows]).toEqual(expected);
}
