import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { generations, type Generation } from "@/db/schema";
import { accountFrozen, notFound, unknownFeature } from "@/lib/errors";
import { balanceOf, type Balance } from "@/lib/ledger/accounts";
import { columnsOfKind, insufficientCredits, transferInsert } from "@/lib/ledger/transfers";
import { holdExpiryMinutesInForce } from "@/lib/policy/versions";
import { oneRow } from "@/lib/sql/one-row";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { columnList, rowOf } from "@/lib/sql/table-rows";
import type { StartGeneration } from "./lifecycle";

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

/** Timestamps go as text: the driver under drizzle leaves their conversion to drizzle. */
type StartValues = {
  id: string;
  customerId: string;
  feature: string;
  platform: string;
  context: string;
  cost: number;
  createdAt: string;
  now: string;
  inputUrl: string | null;
  prompt: string | null;
  modelVersion: string | null;
  expectedWidth: number | null;
  expectedHeight: number | null;
  holdKey: string;
};

/**
 * The replay lookup, the checks in order (feature, freeze, account, credits), the hold on
 * the account, the generation and the hold's transfer. FOR SHARE waits for a dispute being recorded for
 * this customer, and then sees its freeze; the account's row lock orders this customer's transfers.
 * Everything after the replay lookup is skipped for a known id, and a twin that inserts the same id
 * meanwhile makes this statement fail on the primary key, as a lost race that the caller runs again.
 */
const startStatement = renderedOnce<StartRow, StartValues>(
  (value) => sql`
    with existing as (
      select ${sql.raw(columnList(generations, "g"))} from generations g where id = ${value("id")}
    ), ready as (
      select c.frozen_at, a.id as account_id, a.posted, a.held, ${holdExpiryMinutesInForce} as hold_expiry_minutes
      from customers c left join ledger_accounts a on a.customer_id = c.id
      where c.id = ${value("customerId")} and not exists (select from existing)
      for share of c
    ), feature as (
      select key from features where key = ${value("feature")}
    ), moved as (
      update ledger_accounts a set held = a.held + ${value("cost")}::bigint
      from ready r
      where a.id = r.account_id and r.frozen_at is null and exists (select from feature)
        and a.posted - a.held >= ${value("cost")}::bigint
      returning a.id, a.posted, a.held, r.hold_expiry_minutes
    ), started as (
      insert into generations (id, customer_id, feature_key, platform, context, cost, created_at, hold_expires_at,
        input_url, prompt, model_version, expected_width, expected_height)
      select ${value("id")}, ${value("customerId")}, ${value("feature")}, ${value("platform")}::platform,
        ${value("context")}::generation_context, ${value("cost")}::int, ${value("createdAt")}::timestamptz,
        ${value("now")}::timestamptz + make_interval(mins => m.hold_expiry_minutes),
        ${value("inputUrl")}::text, ${value("prompt")}::text, ${value("modelVersion")}::text,
        ${value("expectedWidth")}::int, ${value("expectedHeight")}::int
      from moved m
      returning ${sql.raw(columnList(generations, "generations"))}
    ), hold as (
      ${transferInsert({
        idempotencyKey: value("holdKey"),
        ...columnsOfKind("hold"),
        amount: value("cost"),
        generationId: value("id"),
      })}
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
  `,
);

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
 * A start as one statement, alone or inside the caller's transaction (a batch's chunk), so that a
 * single start needs no transaction around it. A refusal writes nothing.
 */
export async function startAlone(executor: Executor, input: StartGeneration): Promise<StartOutcome> {
  const now = new Date().toISOString();
  const rows = await startStatement(executor, {
    id: input.id,
    customerId: input.customerId,
    feature: input.feature,
    platform: input.platform,
    context: input.context,
    cost: input.cost,
    createdAt: input.createdAt?.toISOString() ?? now,
    now,
    inputUrl: input.inputUrl ?? null,
    prompt: input.prompt ?? null,
    modelVersion: input.modelVersion ?? null,
    expectedWidth: input.expectedWidth ?? null,
    expectedHeight: input.expectedHeight ?? null,
    holdKey: holdKeyOf(input.id),
  });
  return outcomeOf(oneRow(rows, "start"), input);
}
