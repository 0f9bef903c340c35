import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

export type InvariantCheck = { name: string; violations: string[] };

type Row = Record<string, unknown>;

/** Moves that count towards posted balances; holds and their releases only ever touch held credits. */
const postedKinds = sql`t.kind NOT IN ('hold', 'release')`;

const checks: { name: string; query: ReturnType<typeof sql>; describe: (row: Row) => string }[] = [
  {
    name: "each customer account's stored posted balance equals the sum of its transfers",
    query: sql`
      select a.customer_id, a.posted as stored, coalesce(sum(case when t.credit_account_id = a.id then t.amount else -t.amount end), 0) as derived
      from ledger_accounts a left join transfers t on t.customer_account_id = a.id and ${postedKinds}
      where a.kind = 'customer' group by a.id
      having a.posted <> coalesce(sum(case when t.credit_account_id = a.id then t.amount else -t.amount end), 0)`,
    describe: (row) => `customer ${row.customer_id}: stored posted ${row.stored}, journal says ${row.derived}`,
  },
  {
    name: "each customer account's stored held balance equals its unresolved holds",
    query: sql`
      select a.customer_id, a.held as stored, coalesce(sum(h.amount), 0) as derived
      from ledger_accounts a
      left join transfers h on h.customer_account_id = a.id and h.kind = 'hold'
        and not exists (select 1 from transfers r where r.pending_id = h.id)
      where a.kind = 'customer' group by a.id
      having a.held <> coalesce(sum(h.amount), 0)`,
    describe: (row) => `customer ${row.customer_id}: stored held ${row.stored}, open holds total ${row.derived}`,
  },
  {
    name: "all accounts together sum to zero",
    query: sql`
      with movements as (
        select t.credit_account_id as account_id, t.amount from transfers t where ${postedKinds}
        union all select t.debit_account_id, -t.amount from transfers t where ${postedKinds}
      ), system_total as (
        select coalesce(sum(m.amount), 0) as total from movements m
        join ledger_accounts a on a.id = m.account_id where a.kind <> 'customer'
      ), customer_total as (
        select coalesce(sum(posted), 0) as total from ledger_accounts where kind = 'customer'
      )
      select s.total as system_total, c.total as customer_total from system_total s, customer_total c
      where s.total + c.total <> 0`,
    describe: (row) => `system accounts sum to ${row.system_total}, customer accounts to ${row.customer_total}`,
  },
  {
    name: "no customer account is negative",
    query: sql`select customer_id, posted, held from ledger_accounts
      where kind = 'customer' and (posted < 0 or held < 0 or posted - held < 0)`,
    describe: (row) => `customer ${row.customer_id}: posted ${row.posted}, held ${row.held}`,
  },
  {
    name: "a refund never exceeds what was captured",
    query: sql`
      select generation_id,
        sum(amount) filter (where kind = 'refund') as refunded,
        coalesce(sum(amount) filter (where kind = 'capture'), 0) as captured
      from transfers where generation_id is not null group by generation_id
      having sum(amount) filter (where kind = 'refund') > coalesce(sum(amount) filter (where kind = 'capture'), 0)`,
    describe: (row) => `generation ${row.generation_id}: refunded ${row.refunded} of ${row.captured} captured`,
  },
  {
    name: "each hold is resolved at most once, by a capture or a release of the same amount",
    query: sql`
      select h.generation_id, count(r.id) as resolutions
      from transfers h join transfers r on r.pending_id = h.id
      where h.kind = 'hold' group by h.id
      having count(r.id) > 1 or bool_or(r.amount <> h.amount or r.kind not in ('capture', 'release'))`,
    describe: (row) => `generation ${row.generation_id}: ${row.resolutions} resolutions`,
  },
  {
    name: "each generation's status matches its hold",
    query: sql`
      select g.id, g.status, r.kind as resolution
      from generations g
      left join transfers h on h.generation_id = g.id and h.kind = 'hold'
      left join transfers r on r.pending_id = h.id
      where h.id is null
        or (g.status = 'running' and r.id is not null)
        or (g.status = 'succeeded' and r.kind is distinct from 'capture')
        or (g.status in ('failed', 'expired') and r.kind is distinct from 'release')`,
    describe: (row) =>
      `generation ${row.id} is ${row.status} but its hold was ${row.resolution ?? "not resolved or is missing"}`,
  },
];

export async function verifyLedger(executor: Executor): Promise<InvariantCheck[]> {
  const results: InvariantCheck[] = [];
  for (const check of checks) {
    const rows = (await executor.execute(check.query)) as unknown as Row[];
    results.push({ name: check.name, violations: rows.map(check.describe) });
  }
  return results;
}
