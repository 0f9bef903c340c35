import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { transfers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, isDomainError } from "@/lib/errors";
import { credits } from "@/lib/format/credits.shared";
import { customerAccount, customerBalance, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";

export type Adjustment = {
  customerId: string;
  direction: "in" | "out";
  amount: number;
  reason: string;
  /** Made when the form rendered, so that submitting the same form twice is one adjustment. */
  key: string;
};

export type Adjusted = { balance: Balance; replayed: boolean };

function signed(adjustment: Pick<Adjustment, "direction" | "amount">): number {
  return adjustment.direction === "in" ? adjustment.amount : -adjustment.amount;
}

function balanceBefore(after: Balance, change: number): Balance {
  return { posted: after.posted - change, held: after.held, available: after.available - change };
}

/**
 * Moves credits into or out of a customer's balance for the reason an admin gives: one ledger
 * transfer and its audit event, in one transaction. The ledger refuses to leave available credits
 * below zero, and then nothing is written.
 */
export function adjustCredits(admin: CurrentUser, adjustment: Adjustment): Promise<Adjusted> {
  const idempotencyKey = `adjustment:${adjustment.key}`;
  return onceMoreIfRaced(() =>
    db.transaction(async (tx) => {
      const [earlier] = await tx.select().from(transfers).where(eq(transfers.idempotencyKey, idempotencyKey));
      if (earlier) {
        const account = await customerAccount(tx, adjustment.customerId);
        const change = earlier.creditAccountId === account.id ? earlier.amount : -earlier.amount;
        const same =
          earlier.customerAccountId === account.id &&
          change === signed(adjustment) &&
          earlier.memo === adjustment.reason;
        if (!same) {
          throw new DomainError(
            "idempotency.mismatch",
            "This form was already used for a different adjustment. Reload the page and try again.",
          );
        }
        return { balance: await customerBalance(tx, adjustment.customerId), replayed: true };
      }
      const { transfer, balance } = await recordTransfer(tx, {
        kind: "adjustment",
        direction: adjustment.direction,
        idempotencyKey,
        customerId: adjustment.customerId,
        amount: adjustment.amount,
        memo: adjustment.reason,
        actorId: admin.id,
      }).catch(async (error: unknown) => {
        if (!isDomainError(error) || error.code !== "credits.insufficient") throw error;
        const { available } = await customerBalance(tx, adjustment.customerId);
        throw new DomainError(
          "credits.insufficient",
          `Only ${credits(available)} ${available === 1 ? "is" : "are"} available, so at most ${available} can be taken away.`,
          "amount",
        );
      });
      const change = signed(adjustment);
      await recordAudit(tx, {
        actorId: admin.id,
        action: "customer.credits_adjusted",
        targetType: "customer",
        targetId: adjustment.customerId,
        before: balanceBefore(balance, change),
        after: { ...balance, change, reason: adjustment.reason, transferId: transfer.id },
      });
      return { balance, replayed: false };
    }),
  );
}
