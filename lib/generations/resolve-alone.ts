import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { WebhookEventType } from "@/db/enums";
import { generations, type Generation } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { balanceOf, type Balance } from "@/lib/ledger/accounts";
import { columnsOfKind, effects, transferInsert } from "@/lib/ledger/transfers";
import { columnList, rowOf } from "@/lib/sql/table-rows";
import { renderedOnce, type ValueOf } from "@/lib/sql/rendered-once";
import { checkValuesOf, qualityCheckWrites, type CheckValues } from "@/lib/quality/checks";
import { eventWrites, newWebhookEventId, type EventSource } from "@/lib/webhooks/emit";
import type { Resolution } from "./lifecycle";

/** The generation as the statement found it, locked, and what it moved (null when it was no longer running). */
type ResolveRow = Record<string, unknown> & {
  movedPosted: string | null;
  movedHeld: string | null;
};

export type ResolveOutcome = { settled: Generation } | { resolved: Generation; balance: Balance };

/** The columns a resolution sets, as drizzle's fields. */
export function changesOf(resolution: Resolution, finishedAt: Date) {
  return {
    status: resolution.outcome,
    finishedAt,
    outputUrl: resolution.outcome === "succeeded" ? resolution.outputUrl : null,
    errorCode: resolution.outcome === "failed" ? resolution.errorCode : null,
    errorMessage: resolution.outcome === "failed" ? (resolution.message ?? null) : null,
  };
}

/** The transfer that resolves a generation's hold: a success captures it, anything else releases it. */
export function holdResolutionOf(id: string, resolution: Resolution) {
  const kind = resolution.outcome === "succeeded" ? ("capture" as const) : ("release" as const);
  const memo = resolution.outcome === "failed" ? resolution.errorCode : undefined;
  return { kind, idempotencyKey: `${kind}:${id}`, memo };
}

type ResolveValues = {
  id: string;
  idempotencyKey: string;
  memo: string | null;
  status: string;
  finishedAt: string;
  outputUrl: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** A release's `generation.refunded` event: its id and its timestamp. */
  eventId: string | null;
  eventTimestamp: string | null;
} & CheckValues;

/**
 * A release's `generation.refunded` event, as the host API would serialize the result: the generation
 * as the statement left it, then the balance it moved to. Built by PostgreSQL, whose row_to_json writes
 * the same text as JSON.stringify, so that the release needs no second statement for its event.
 */
function refundedEvent(value: ValueOf<ResolveValues>): EventSource {
  const type = "generation.refunded" satisfies WebhookEventType;
  return {
    id: value("eventId"),
    type: sql`${type}::text`,
    payload: sql`row_to_json(refunded)`,
    from: sql`target t, moved m, lateral (
      select ${type}::text as "type", ${value("eventTimestamp")}::text as "timestamp", (
        select row_to_json(data) from (
          select (
            select row_to_json(generation) from (
              select t.id, t."customerId", t."featureKey" as feature, t.platform, t.context, t.cost,
                ${value("status")}::text as status,
                to_char(t."createdAt" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
                ${value("finishedAt")}::text as "finishedAt", t."inputUrl", ${value("outputUrl")}::text as "outputUrl",
                t.prompt, t."modelVersion", t."expectedWidth", t."expectedHeight",
                ${value("errorCode")}::text as "errorCode"
            ) generation
          ) as generation, (
            select row_to_json(balance) from (select m.posted - m.held as available, m.held, m.posted) balance
          ) as balance
        ) data
      ) as data
    ) refunded`,
  };
}

/**
 * The statement for one kind of resolution, whose effect on the account it carries in its text. A
 * capture also records the output's quality check, and a release reports itself to the hosts, as a
 * refund; each reads only its own values.
 */
function resolveStatement(kind: "capture" | "release") {
  const effect = effects[kind];
  const released = kind === "release";
  return renderedOnce<ResolveRow, ResolveValues>(
    (value) => sql`
    with target as (
      select ${sql.raw(columnList(generations, "g"))}, h.id as "holdId", h.amount as "holdAmount", f.kind as "featureKind",
        a.id as "accountId"
      from generations g
        join ledger_accounts a on a.customer_id = g.customer_id
        join features f on f.key = g.feature_key
        left join transfers h on h.generation_id = g.id and h.kind = 'hold'
      where g.id = ${value("id")}
      for update of g
    ), moved as (
      update ledger_accounts a
      set posted = a.posted + ${effect.posted} * t."holdAmount", held = a.held + ${effect.held} * t."holdAmount"
      from target t
      where a.id = t."accountId" and t.status = 'running' and t."holdId" is not null
      returning a.id, a.posted, a.held, t."holdId", t."holdAmount"
    ), recorded as (
      ${transferInsert({
        idempotencyKey: value("idempotencyKey"),
        ...columnsOfKind(kind),
        amount: sql`m."holdAmount"`,
        pendingId: sql`m."holdId"`,
        generationId: value("id"),
        memo: value("memo"),
      })}
    ), resolved as (
      update generations g
      set status = ${value("status")}::generation_status, finished_at = ${value("finishedAt")}::timestamptz,
        output_url = ${value("outputUrl")}::text, error_code = ${value("errorCode")}::text,
        error_message = ${value("errorMessage")}::text
      from moved
      where g.id = ${value("id")}
    ), ${released ? eventWrites(refundedEvent(value)) : qualityCheckWrites(sql`target g join moved on true`, value)}
    select t.*, m.posted as "movedPosted", m.held as "movedHeld"
    from target t left join moved m on true
  `,
  );
}

const resolveStatements = { capture: resolveStatement("capture"), release: resolveStatement("release") };

/**
 * Resolves a running generation in one statement, alone or inside the caller's transaction: it locks
 * the generation, captures or releases its hold on the customer's account, records the transfer, sets
 * the generation's outcome, and records a success's quality check or writes a release's webhook event.
 * A generation that is no longer running is only read, as the lock found it, so that the caller can
 * tell a retry from a conflict. The transfer's unique keys refuse a second resolution of the same hold.
 */
export async function resolveAlone(executor: Executor, id: string, resolution: Resolution): Promise<ResolveOutcome> {
  const { kind, idempotencyKey, memo } = holdResolutionOf(id, resolution);
  const changes = changesOf(resolution, new Date());
  const values: ResolveValues = {
    id,
    idempotencyKey,
    memo: memo ?? null,
    status: changes.status,
    finishedAt: changes.finishedAt.toISOString(),
    outputUrl: changes.outputUrl,
    errorCode: changes.errorCode,
    errorMessage: changes.errorMessage,
    eventId: kind === "release" ? newWebhookEventId() : null,
    eventTimestamp: kind === "release" ? new Date().toISOString() : null,
    ...checkValuesOf(resolution.outcome === "succeeded" ? resolution.signals : undefined, changes.finishedAt),
  };
  const [row] = await resolveStatements[kind](executor, values);
  if (!row) throw notFound("generation", id);
  const generation = rowOf(generations, row);
  if (row.movedPosted === null || row.movedHeld === null) {
    if (generation.status === "running") throw new Error(`generation ${id} has no hold`);
    return { settled: generation };
  }
  return {
    resolved: { ...generation, ...changes },
    balance: balanceOf({ posted: Number(row.movedPosted), held: Number(row.movedHeld) }),
  };
}
