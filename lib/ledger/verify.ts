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
  {
    name: "each purchase granted its credits exactly once",
    query: sql`
      select p.id, p.credits, coalesce(sum(t.amount), 0) as granted, count(t.id) as grants
      from purchases p left join transfers t on t.purchase_id = p.id and t.kind = 'purchase'
      group by p.id having count(t.id) <> 1 or coalesce(sum(t.amount), 0) <> p.credits`,
    describe: (row) => `purchase ${row.id}: ${row.grants} grants of ${row.granted} credits, ${row.credits} bought`,
  },
  {
    name: "credits reversed for a purchase never exceed what it granted, and are what the purchase records",
    query: sql`
      select p.id, p.credits_reversed as recorded,
        coalesce(sum(t.amount) filter (where t.kind = 'purchase_reversal'), 0) as reversed,
        coalesce(sum(t.amount) filter (where t.kind = 'purchase'), 0) as granted
      from purchases p left join transfers t on t.purchase_id = p.id and t.kind in ('purchase', 'purchase_reversal')
      group by p.id
      having coalesce(sum(t.amount) filter (where t.kind = 'purchase_reversal'), 0)
          > coalesce(sum(t.amount) filter (where t.kind = 'purchase'), 0)
        or coalesce(sum(t.amount) filter (where t.kind = 'purchase_reversal'), 0) <> p.credits_reversed`,
    describe: (row) =>
      `purchase ${row.id}: ${row.reversed} credits reversed of ${row.granted} granted, the purchase records ${row.recorded}`,
  },
  {
    // Stripe may report money refunded in its dashboard, which raises money_refunded with no request of
    // ours: what we approved is therefore at most what the purchase records, not equal to it.
    name: "money refunded never exceeds what was charged: recorded, approved, or sent through a provider",
    query: sql`
      with approved as (
        select purchase_id, sum(money_refunded) as total from refund_requests
        where kind = 'purchase' and status = 'approved' group by purchase_id
      ), sent as (
        select purchase_id, sum(amount) as total from provider_refunds where status <> 'failed' group by purchase_id
      )
      select p.id, p.amount, p.money_refunded as recorded, coalesce(a.total, 0) as approved, coalesce(s.total, 0) as sent
      from purchases p left join approved a on a.purchase_id = p.id left join sent s on s.purchase_id = p.id
      where p.money_refunded > p.amount or coalesce(a.total, 0) > p.money_refunded or coalesce(s.total, 0) > p.amount`,
    describe: (row) =>
      `purchase ${row.id}: charged ${row.amount}, records ${row.recorded} refunded, ${row.approved} approved, ${row.sent} sent or being sent`,
  },
  {
    name: "each provider refund sends exactly the money its approved purchase refund request names",
    query: sql`
      select pr.id, pr.amount, r.status, r.money_refunded, r.purchase_id as request_purchase, pr.purchase_id
      from provider_refunds pr join refund_requests r on r.id = pr.refund_request_id
      where r.kind <> 'purchase' or r.status <> 'approved' or r.money_refunded is distinct from pr.amount
        or r.purchase_id is distinct from pr.purchase_id`,
    describe: (row) =>
      `provider refund ${row.id} of ${row.amount} for purchase ${row.purchase_id}: its request is ${row.status} for ${row.money_refunded ?? "no money"} on purchase ${row.request_purchase}`,
  },
  {
    // A freeze starts when the dispute is recorded (its created_at, taken after the customer's row was
    // locked) and ends when it closes or is found legitimate. A fraudulent finding suspends the
    // customer inside that span, so this covers the suspension it causes while the dispute lasts.
    name: "a frozen customer starts no generation: no generation hold while a dispute of theirs is open and unresolved",
    query: sql`
      select d.id as dispute_id, d.customer_id, h.generation_id, h.created_at
      from disputes d
      join ledger_accounts a on a.customer_id = d.customer_id
      join transfers h on h.customer_account_id = a.id and h.kind = 'hold' and h.generation_id is not null
      where h.created_at >= d.created_at
        and h.created_at < coalesce(d.closed_at, 'infinity')
        and (d.finding is distinct from 'legitimate' or h.created_at < d.found_at)`,
    describe: (row) =>
      `customer ${row.customer_id}: generation ${row.generation_id} held credits at ${new Date(String(row.created_at)).toISOString()}, while dispute ${row.dispute_id} froze them`,
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
