import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { TransferKind } from "@/db/enums";
import { transfers, type Transfer } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { columnList, rowOf } from "@/lib/sql/table-rows";
import { balanceOf, customerAccount, systemAccountIdSql, type Balance, type SystemAccount } from "./accounts";

type Effect = { counterparty: SystemAccount; towardsCustomer: boolean; posted: number; held: number };

/** How each kind moves credits, seen from the customer's side, per credit. */
export const effects: Record<Exclude<TransferKind, "adjustment">, Effect> = {
  grant: { counterparty: "grants", towardsCustomer: true, posted: 1, held: 0 },
  purchase: { counterparty: "purchases", towardsCustomer: true, posted: 1, held: 0 },
  hold: { counterparty: "consumed", towardsCustomer: false, posted: 0, held: 1 },
  capture: { counterparty: "consumed", towardsCustomer: false, posted: -1, held: -1 },
  release: { counterparty: "consumed", towardsCustomer: true, posted: 0, held: -1 },
  refund: { counterparty: "consumed", towardsCustomer: true, posted: 1, held: 0 },
  forfeit: { counterparty: "forfeited", towardsCustomer: false, posted: -1, held: 0 },
  purchase_reversal: { counterparty: "purchases", towardsCustomer: false, posted: -1, held: 0 },
};

const adjustments: Record<"in" | "out", Effect> = {
  in: { counterparty: "grants", towardsCustomer: true, posted: 1, held: 0 },
  out: { counterparty: "grants", towardsCustomer: false, posted: -1, held: 0 },
};

export type TransferSpec = {
  kind: TransferKind;
  idempotencyKey: string;
  customerId: string;
  amount: number;
  direction?: "in" | "out";
  generationId?: string;
  /** A purchase's grant and reversals, and a dispute's hold and its release, name the purchase. */
  purchaseId?: string;
  pendingId?: number;
  memo?: string;
  actorId?: string;
};

function effectOf(spec: TransferSpec): Effect {
  if (spec.kind !== "adjustment") return effects[spec.kind];
  if (!spec.direction) throw new Error("an adjustment needs a direction");
  return adjustments[spec.direction];
}

export function insufficientCredits(needed: number, available: number): DomainError {
  return new DomainError("credits.insufficient", `Not enough credits: ${needed} needed, ${available} available.`);
}

type TransferValues = {
  account: number | string;
  posted: number;
  held: number;
  idempotencyKey: string;
  kind: TransferKind;
  towardsCustomer: boolean;
  counterparty: SystemAccount;
  amount: number;
  pendingId: number | null;
  generationId: string | null;
  purchaseId: string | null;
  memo: string | null;
  actorId: string | null;
};

type TransferRow = Record<string, unknown> & { movedPosted: string; movedHeld: string };

/** A transfer's values, each given as SQL: a call's placeholder, or what a statement knows by itself. */
type TransferColumns = Record<"idempotencyKey" | "kind" | "towardsCustomer" | "counterparty" | "amount", SQLWrapper> &
  Partial<Record<"pendingId" | "generationId" | "purchaseId" | "memo" | "actorId", SQLWrapper>>;

const nothing = sql`null`;

/**
 * Records a transfer against the customer's account as a `moved` CTE of the same statement left it (its
 * id, posted and held), so that the transfer carries the balance it left available. The one insert every
 * statement that moves credits ends with.
 */
export function transferInsert(columns: TransferColumns): SQL {
  return sql`insert into transfers (idempotency_key, kind, debit_account_id, credit_account_id, customer_account_id,
      amount, available_after, pending_id, generation_id, purchase_id, memo, actor_id)
    select ${columns.idempotencyKey}::text, ${columns.kind}::transfer_kind,
      case when ${columns.towardsCustomer}::boolean then c.id else m.id end,
      case when ${columns.towardsCustomer}::boolean then m.id else c.id end,
      m.id, ${columns.amount}::bigint, m.posted - m.held, ${columns.pendingId ?? nothing}::bigint,
      ${columns.generationId ?? nothing}::text, ${columns.purchaseId ?? nothing}::text,
      ${columns.memo ?? nothing}::text, ${columns.actorId ?? nothing}::uuid
    from moved m, ${systemAccountIdSql(columns.counterparty)} c`;
}

/** The columns a statement that always records one kind of transfer knows by that kind. */
export function columnsOfKind(kind: Exclude<TransferKind, "adjustment">) {
  const { towardsCustomer, counterparty } = effects[kind];
  return { kind: sql`${kind}`, towardsCustomer: sql`${towardsCustomer}`, counterparty: sql`${counterparty}` };
}

/**
 * The statement that moves the customer's stored balance, refusing any move that would leave available
 * credits below zero, and records the transfer, for an account named by its id (the caller read it under
 * its lock) or by its customer: one statement for each, so that each plan uses its own index. The
 * account's row lock orders concurrent transfers of the same customer, and only them.
 */
function transferStatement(accountBy: "id" | "customer_id") {
  return renderedOnce<TransferRow, TransferValues>(
    (value) => sql`
    with moved as (
      update ledger_accounts a
      set posted = a.posted + ${value("posted")}::bigint, held = a.held + ${value("held")}::bigint
      where a.${sql.raw(accountBy)} = ${value("account")}
        and a.posted + ${value("posted")}::bigint - (a.held + ${value("held")}::bigint) >= 0
      returning a.id, a.posted, a.held
    ), recorded as (
      ${transferInsert({
        idempotencyKey: value("idempotencyKey"),
        kind: value("kind"),
        towardsCustomer: value("towardsCustomer"),
        counterparty: value("counterparty"),
        amount: value("amount"),
        pendingId: value("pendingId"),
        generationId: value("generationId"),
        purchaseId: value("purchaseId"),
        memo: value("memo"),
        actorId: value("actorId"),
      })}
      returning ${sql.raw(columnList(transfers, "transfers"))}
    )
    select m.posted as "movedPosted", m.held as "movedHeld", r.*
    from moved m join recorded r on true`,
  );
}

const transferStatements = { id: transferStatement("id"), customer: transferStatement("customer_id") };

/**
 * Appends one transfer and updates the customer's stored balance with it, in one statement. Must run
 * inside the caller's transaction, next to the state change that causes it. `known` is the customer's
 * account as the caller just read it, under its lock; without it the statement finds the account itself.
 */
export async function recordTransfer(
  tx: Executor,
  spec: TransferSpec,
  known?: { id: number; posted: number; held: number },
): Promise<{ transfer: Transfer; balance: Balance }> {
  if (!Number.isSafeInteger(spec.amount) || spec.amount <= 0) throw new Error(`invalid transfer amount ${spec.amount}`);
  const effect = effectOf(spec);
  const [row] = await transferStatements[known ? "id" : "customer"](tx, {
    account: known?.id ?? spec.customerId,
    posted: effect.posted * spec.amount,
    held: effect.held * spec.amount,
    idempotencyKey: spec.idempotencyKey,
    kind: spec.kind,
    towardsCustomer: effect.towardsCustomer,
    counterparty: effect.counterparty,
    amount: spec.amount,
    pendingId: spec.pendingId ?? null,
    generationId: spec.generationId ?? null,
    purchaseId: spec.purchaseId ?? null,
    memo: spec.memo ?? null,
    actorId: spec.actorId ?? null,
  });
  if (!row) {
    // Refused, or no such customer: only now is the account worth a read, to tell which and how short.
    const account = known ?? (await customerAccount(tx, spec.customerId));
    throw insufficientCredits(spec.amount, account.posted - account.held);
  }
  return {
    transfer: rowOf(transfers, row),
    balance: balanceOf({ posted: Number(row.movedPosted), held: Number(row.movedHeld) }),
  };
}
