import "server-only";
import { sql, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { AccountKind } from "@/db/enums";
import { ledgerAccounts } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { renderedOnce } from "@/lib/sql/rendered-once";

export type SystemAccount = Exclude<AccountKind, "customer">;

export type Balance = { available: number; held: number; posted: number };

export function balanceOf(account: { posted: number; held: number }): Balance {
  return { available: account.posted - account.held, held: account.held, posted: account.posted };
}

/**
 * A system account's id as a subquery, so recording a transfer costs no extra round trip to look it up.
 * It repeats the unique index's predicate: a plan made for any kind, as a prepared statement's generic
 * plan is, can then still use that index rather than read every customer's account.
 */
export function systemAccountIdSql(kind: SystemAccount | SQLWrapper) {
  return sql<number>`(select ${ledgerAccounts.id} from ${ledgerAccounts}
    where ${ledgerAccounts.kind} = ${kind} and ${ledgerAccounts.kind} <> 'customer')`;
}

export async function openCustomerAccount(executor: Executor, customerId: string): Promise<void> {
  await executor.insert(ledgerAccounts).values({ kind: "customer", customerId }).onConflictDoNothing();
}

/** Rendered once: every host API balance read runs it. */
const accountOfCustomer = renderedOnce<{ id: string; posted: string; held: string }, { customerId: string }>(
  (value) => sql`select ${ledgerAccounts.id}, ${ledgerAccounts.posted}, ${ledgerAccounts.held} from ${ledgerAccounts}
    where ${ledgerAccounts.customerId} = ${value("customerId")}`,
);

export async function customerAccount(executor: Executor, customerId: string) {
  const [account] = await accountOfCustomer(executor, { customerId });
  if (!account) throw notFound("customer", customerId);
  return { id: Number(account.id), posted: Number(account.posted), held: Number(account.held) };
}

export async function customerBalance(executor: Executor, customerId: string): Promise<Balance> {
  return balanceOf(await customerAccount(executor, customerId));
}
