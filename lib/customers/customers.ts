import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { customers, ledgerAccounts, transfers, type Customer } from "@/db/schema";
import { DomainError, notFound } from "@/lib/errors";
import { balanceOf, customerBalance, openCustomerAccount, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { recordTransfer } from "@/lib/ledger/transfers";
import { oneRow } from "@/lib/sql/one-row";

export type CustomerDetails = { email: string; name?: string; createdAt?: Date };

/** The fields given that differ from the stored ones; a field left out keeps its stored value. */
function changesTo(
  existing: Customer,
  details: CustomerDetails,
): Partial<Pick<Customer, "email" | "name" | "signedUpAt">> {
  return {
    ...(existing.email === details.email ? {} : { email: details.email }),
    ...(details.name === undefined || existing.name === details.name ? {} : { name: details.name }),
    ...(details.createdAt === undefined || existing.signedUpAt.getTime() === details.createdAt.getTime()
      ? {}
      : { signedUpAt: details.createdAt }),
  };
}

/**
 * Registers a host customer with an empty credit account, or stores the fields given on an existing
 * one: an upsert, as a PUT is, so a host syncs a changed email this way. Repeating a call changes nothing.
 */
export function registerCustomer(
  id: string,
  details: CustomerDetails,
  executor: Executor = db,
): Promise<{ customer: Customer; created: boolean }> {
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const [existing] = await tx.select().from(customers).where(eq(customers.id, id)).for("update");
      if (existing) {
        const changes = changesTo(existing, details);
        if (Object.keys(changes).length === 0) return { customer: existing, created: false };
        const updated = await tx.update(customers).set(changes).where(eq(customers.id, id)).returning();
        return { customer: oneRow(updated, "updated customer"), created: false };
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

export async function customerWithBalance(
  id: string,
  executor: Executor = db,
): Promise<{ customer: Customer; balance: Balance }> {
  const [row] = await executor
    .select({ customer: customers, posted: ledgerAccounts.posted, held: ledgerAccounts.held })
    .from(customers)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.customerId, customers.id))
    .where(eq(customers.id, id));
  if (!row) throw notFound("customer", id);
  return { customer: row.customer, balance: balanceOf(row) };
}

export type Grant = { key: string; amount: number; reason: string };

/** Ids never contain "/", so the customer's id ends exactly there and two customers' grants never share a key. */
function grantKey(customerId: string, key: string): string {
  return `grant:${customerId}/${key}`;
}

/**
 * The key grants had before: two customers could share it (`a` with `b:c`, `a:b` with `c`), but within
 * one customer's account it is unambiguous, so a retry of such a grant is still found there. The
 * journal is append-only, so those keys stay as they were written.
 */
function earlierGrantKey(customerId: string, key: string): string {
  return `grant:${customerId}:${key}`;
}

/** Adds credits under the host's own key: the same key and body again is a retry, not a second grant. */
export function grantCredits(
  customerId: string,
  grant: Grant,
  executor: Executor = db,
): Promise<{ balance: Balance; replayed: boolean }> {
  const idempotencyKey = grantKey(customerId, grant.key);
  const keys = [idempotencyKey, earlierGrantKey(customerId, grant.key)];
  return onceMoreIfRaced(() =>
    executor.transaction(async (tx) => {
      const [existing] = await tx
        .select({ amount: transfers.amount, memo: transfers.memo })
        .from(transfers)
        .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, transfers.customerAccountId))
        .where(and(eq(ledgerAccounts.customerId, customerId), inArray(transfers.idempotencyKey, keys)));
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
