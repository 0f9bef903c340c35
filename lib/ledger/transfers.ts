import "server-only";
import type { Executor } from "@/db/client";
import type { TransferKind } from "@/db/enums";
import { transfers, type Transfer } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { oneRow } from "@/lib/sql/one-row";
import { customerAccount, moveCustomerBalance, systemAccountIdSql, type Balance, type SystemAccount } from "./accounts";

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

/**
 * Appends one transfer and updates the customer's stored balance with it. Must run inside the
 * caller's transaction, next to the state change that causes it. `known` is the customer's account as
 * the caller just read it, under its lock; without it the balance update finds the account itself.
 */
export async function recordTransfer(
  tx: Executor,
  spec: TransferSpec,
  known?: { id: number; posted: number; held: number },
): Promise<{ transfer: Transfer; balance: Balance }> {
  if (!Number.isSafeInteger(spec.amount) || spec.amount <= 0) throw new Error(`invalid transfer amount ${spec.amount}`);
  const effect = effectOf(spec);
  const counterpartyId = systemAccountIdSql(effect.counterparty);
  const moved = await moveCustomerBalance(tx, known ?? { customerId: spec.customerId }, {
    posted: effect.posted * spec.amount,
    held: effect.held * spec.amount,
  });
  if (!moved) {
    // Refused, or no such customer: only now is the account worth a read, to tell which and how short.
    const account = known ?? (await customerAccount(tx, spec.customerId));
    throw insufficientCredits(spec.amount, account.posted - account.held);
  }
  const { accountId, balance } = moved;
  const inserted = await tx
    .insert(transfers)
    .values({
      idempotencyKey: spec.idempotencyKey,
      kind: spec.kind,
      debitAccountId: effect.towardsCustomer ? counterpartyId : accountId,
      creditAccountId: effect.towardsCustomer ? accountId : counterpartyId,
      customerAccountId: accountId,
      amount: spec.amount,
      availableAfter: balance.available,
      pendingId: spec.pendingId ?? null,
      generationId: spec.generationId ?? null,
      purchaseId: spec.purchaseId ?? null,
      memo: spec.memo ?? null,
      actorId: spec.actorId ?? null,
    })
    .returning();
  return { transfer: oneRow(inserted, "recorded transfer"), balance };
}
