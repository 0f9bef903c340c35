import "server-only";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import { generations, type Generation } from "@/db/schema";
import { accountFrozen, notFound, unknownFeature } from "@/lib/errors";
import { balanceOf, systemAccountIdSql, type Balance } from "@/lib/ledger/accounts";
import { effects, insufficientCredits } from "@/lib/ledger/transfers";
import { holdExpiryMinutesInForce } from "@/lib/policy/versions";
import { columnList, rowOf } from "@/lib/sql/table-rows";
import type { StartGeneration } from "./lifecycle";

/** Drizzle's subqueries as text, rendered once, for this statement that goes to the driver itself. */
const dialect = new PgDialect();
const holdExpiryMinutesText = dialect.sqlToQuery(holdExpiryMinutesInForce).sql;
const holdCounterpartyIdText = dialect.sqlToQuery(systemAccountIdSql(effects.hold.counterparty).inlineParams()).sql;

/** The idempotency key of a generation's hold. */
export const holdKeyOf = (generationId: string) => `hold:${generationId}`;

/** What the statement saw and did, then the columns of the generation it found or started (null when neither). */
type StartRow = Record<string, unknown> & {
  featureKnown: boolean;
  customerKnown: boolean;
  frozen: boolean;
  hasAccount: boolean;
  replayed: boolean;
  available: string | null;
  posted: string | null;
  held: string | null;
};

export type StartOutcome = { replayOf: Generation } | { generation: Generation; balance: Balance };

function outcomeOf(row: StartRow, input: StartGeneration): StartOutcome {
  const { featureKnown, customerKnown, frozen, hasAccount, replayed, available, posted, held, ...generation } = row;
  if (replayed) return { replayOf: rowOf(generations, generation) };
  if (!featureKnown) throw unknownFeature(input.feature, "feature");
  if (frozen) throw accountFrozen();
  if (!customerKnown || !hasAccount) throw notFound("customer", input.customerId);
  if (posted === null || held === null) throw insufficientCredits(input.cost, Number(available));
  return {
    generation: rowOf(generations, generation),
    balance: balanceOf({ posted: Number(posted), held: Number(held) }),
  };
}

/**
 * A start that is not part of a batch, as one statement, so that it needs no transaction around it:
 * the replay lookup, the checks in the batch's order (feature, freeze, account, credits), the hold on
 * the account, the generation and the hold's transfer. FOR SHARE waits for a dispute being recorded for
 * this customer, and then sees its freeze; the account's row lock orders this customer's transfers.
 * Everything after the replay lookup is skipped for a known id, and a twin that inserts the same id
 * meanwhile makes this statement fail on the primary key, as a lost race that the caller runs again.
 * Needing no transaction, it goes to the driver itself, which prepares it once by name.
 */
export async function startAlone(database: Database, input: StartGeneration): Promise<StartOutcome> {
  const sql = database.$client;
  // Timestamps go as text: the driver under drizzle leaves their conversion to drizzle.
  const now = new Date().toISOString();
  const [row] = await sql<[StartRow]>`
    with existing as (
      select ${sql.unsafe(columnList(generations, "g"))} from generations g where id = ${input.id}
    ), ready as (
      select c.frozen_at, a.id as account_id, a.posted, a.held,
        ${sql.unsafe(holdExpiryMinutesText)} as hold_expiry_minutes
      from customers c left join ledger_accounts a on a.customer_id = c.id
      where c.id = ${input.customerId} and not exists (select from existing)
      for share of c
    ), feature as (
      select key from features where key = ${input.feature}
    ), moved as (
      update ledger_accounts a set held = a.held + ${input.cost}
      from ready r
      where a.id = r.account_id and r.frozen_at is null and exists (select from feature)
        and a.posted - a.held >= ${input.cost}
      returning a.id, a.posted, a.held, r.hold_expiry_minutes
    ), started as (
      insert into generations (id, customer_id, feature_key, platform, context, cost, created_at, hold_expires_at,
        input_url, prompt, model_version, expected_width, expected_height)
      select ${input.id}, ${input.customerId}, ${input.feature}, ${input.platform}::platform,
        ${input.context}::generation_context, ${input.cost}::int, ${input.createdAt?.toISOString() ?? now}::timestamptz,
        ${now}::timestamptz + make_interval(mins => m.hold_expiry_minutes),
        ${input.inputUrl ?? null}::text, ${input.prompt ?? null}::text, ${input.modelVersion ?? null}::text,
        ${input.expectedWidth ?? null}::int, ${input.expectedHeight ?? null}::int
      from moved m
      returning ${sql.unsafe(columnList(generations, "generations"))}
    ), hold as (
      insert into transfers (idempotency_key, kind, debit_account_id, credit_account_id, customer_account_id, amount,
        available_after, generation_id)
      select ${holdKeyOf(input.id)}, 'hold'::transfer_kind, m.id,
        ${sql.unsafe(holdCounterpartyIdText)},
        m.id, ${input.cost}::bigint, m.posted - m.held, ${input.id}
      from moved m
    )
    select exists (select from feature) as "featureKnown",
      exists (select from ready) as "customerKnown",
      coalesce((select frozen_at is not null from ready), false) as frozen,
      exists (select from ready where account_id is not null) as "hasAccount",
      exists (select from existing) as replayed,
      (select posted - held from ready) as available,
      (select posted from moved) as posted, (select held from moved) as held,
      g.*
    from (values (1)) as one
      left join (select * from existing union all select * from started) as g on true
  `;
  return outcomeOf(row, input);
}
