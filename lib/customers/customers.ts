import "server-only";
import { eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { customers, transfers, type Customer } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { customerBalance, openCustomerAccount, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";
import { oneRow } from "@/lib/sql/one-row";

export type CustomerDetails = { email: string; name?: string; createdAt?: Date };

function sameDetails(existing: Customer, details: CustomerDetails): boolean {
  return (
    existing.email === details.email &&
    (details.name === undefined || existing.name === details.name) &&
    (details.createdAt === undefined || existing.signedUpAt.getTime() === details.createdAt.getTime())
  );
}

/** Registers a host customer with an empty credit account. Repeating the same call changes nothing. */
export function registerCustomer(
  id: string,
  details: CustomerDetails,
  executor: Executor = db,
): Promise<{ customer: Customer; created: boolean }> {
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const [existing] = await tx.select().from(customers).where(eq(customers.id, id));
      if (existing) {
        if (!sameDetails(existing, details)) {
          throw new DomainError("idempotency.mismatch", `Customer ${id} already exists with different details.`);
        }
        return { customer: existing, created: false };
      }
      const inserted = await tx
        .insert(customers)
        .values({ id, email: details.email, name: details.name ?? null, signedUpAt: details.createdAt ?? new Date() })
        .returning();
      await openCustomerAccount(tx, id);
      return { customer: oneRow(inserted, "created customer"), created: true };
    }),
  );
}

export type Grant = { key: string; amount: number; reason: string };

/** Adds credits under the host's own key: the same key and body again is a retry, not a second grant. */
export function grantCredits(
  customerId: string,
  grant: Grant,
  executor: Executor = db,
): Promise<{ balance: Balance; replayed: boolean }> {
  const idempotencyKey = `grant:${customerId}:${grant.key}`;
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const [existing] = await tx.select().from(transfers).where(eq(transfers.idempotencyKey, idempotencyKey));
      if (existing) {
        if (existing.amount !== grant.amount || existing.memo !== grant.reason) {
          throw new DomainError(
            "idempotency.mismatch",
            `Grant ${grant.key} was already made with a different amount or reason.`,
          );
        }
        return { balance: await customerBalance(tx, customerId), replayed: true };
      }
      const { balance } = await recordTransfer(tx, {
        kind: "grant",
        idempotencyKey,
        customerId,
        amount: grant.amount,
        memo: grant.reason,
      });
      return { balance, replayed: false };
    }),
  );
}
