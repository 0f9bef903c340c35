import "server-only";
import { asc } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { customers, generations, ledgerAccounts } from "@/db/schema";
import { balanceOf, customerBalance, type Balance } from "@/lib/ledger/accounts";
import { isAnyOf } from "@/lib/sql/any-of";

/**
 * The balances of the customers a batch chunk touches, as its events leave them. The chunk first locks
 * every row its events will change, in one order: the generations they name, then their customers
 * (shared, as a start takes them), then those customers' accounts, each in id order, so that chunks
 * running at once wait for each other instead of deadlocking. Nothing else can then move those
 * accounts until the chunk commits, so each event's answer can read here the balance it would read from
 * the database, provided every event that moves one reports the balance it left.
 */
export class ChunkBalances {
  private constructor(
    private readonly tx: Executor,
    private readonly balances: Map<string, Balance>,
  ) {}

  static async lock(
    tx: Executor,
    { generationIds, startingCustomerIds }: { generationIds: string[]; startingCustomerIds: string[] },
  ): Promise<ChunkBalances> {
    const found = generationIds.length
      ? await tx
          .select({ customerId: generations.customerId })
          .from(generations)
          .where(isAnyOf(generations.id, generationIds))
          .orderBy(asc(generations.id))
          .for("update")
      : [];
    // FOR SHARE, as a single start: it waits for a dispute being recorded for the customer, then sees its freeze.
    if (startingCustomerIds.length) {
      await tx
        .select({ id: customers.id })
        .from(customers)
        .where(isAnyOf(customers.id, startingCustomerIds))
        .orderBy(asc(customers.id))
        .for("share");
    }
    const owners = [...new Set([...startingCustomerIds, ...found.map((row) => row.customerId)])];
    const accounts = owners.length
      ? await tx
          .select({ customerId: ledgerAccounts.customerId, posted: ledgerAccounts.posted, held: ledgerAccounts.held })
          .from(ledgerAccounts)
          .where(isAnyOf(ledgerAccounts.customerId, owners))
          .orderBy(asc(ledgerAccounts.id))
          .for("update")
      : [];
    return new ChunkBalances(
      tx,
      new Map(accounts.flatMap(({ customerId, ...account }) => (customerId ? [[customerId, balanceOf(account)]] : []))),
    );
  }

  /**
   * A customer's balance as the chunk's events so far left it. A generation started elsewhere after the
   * chunk took its locks has an owner the chunk did not lock: that balance is read, as a single call would.
   */
  now(customerId: string): Promise<Balance> {
    const balance = this.balances.get(customerId);
    return balance ? Promise.resolve(balance) : customerBalance(this.tx, customerId);
  }

  moved(customerId: string, balance: Balance): void {
    this.balances.set(customerId, balance);
  }
}
