import "server-only";
import { and, asc, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { FeatureKind } from "@/db/enums";
import { customers, features, generations, ledgerAccounts, transfers, type Generation } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { balanceOf, type Balance } from "@/lib/ledger/accounts";
import { policyInForce } from "@/lib/policy/versions";
import { isAnyOf } from "@/lib/sql/any-of";

type Account = { id: number; posted: number; held: number };
type Hold = { id: number; amount: number };

/**
 * What the events of one batch chunk read, read once for all of them when the chunk begins, with every
 * row they will change locked first: the generations they name, then their customers (shared, as a
 * start takes them), then those customers' accounts, each in id order. Since nothing else can change
 * those rows until the chunk commits, each event reads here exactly what it would read from the
 * database, provided it reports back what it wrote. A row the chunk did not find does not exist for it:
 * a twin that inserts it meanwhile makes the chunk's own insert fail, and the chunk runs again.
 *
 * Events of a chunk run without savepoints, so an event may be refused only before its first write; the
 * context remembers whether the current one wrote, so that a refusal after that fails the chunk instead.
 */
export class ChunkContext {
  private wrote = false;

  private constructor(
    readonly holdExpiryMinutes: number,
    private readonly generations: Map<string, Generation>,
    private readonly holds: Map<string, Hold>,
    private readonly featureKinds: Map<string, FeatureKind>,
    private readonly frozen: Map<string, boolean>,
    private readonly accounts: Map<string, Account>,
  ) {}

  static async load(
    tx: Executor,
    { generationIds, startingCustomerIds }: { generationIds: string[]; startingCustomerIds: string[] },
  ): Promise<ChunkContext> {
    const found = generationIds.length
      ? await tx
          .select()
          .from(generations)
          .where(isAnyOf(generations.id, generationIds))
          .orderBy(asc(generations.id))
          .for("update")
      : [];
    const holds = found.length
      ? await tx
          .select({ generationId: transfers.generationId, id: transfers.id, amount: transfers.amount })
          .from(transfers)
          .where(
            and(
              isAnyOf(
                transfers.generationId,
                found.map((generation) => generation.id),
              ),
              // A literal, as in the partial unique index on holds, so that a generic plan can use that index.
              sql`${transfers.kind} = 'hold'`,
            ),
          )
      : [];
    // FOR SHARE, as a single start: it waits for a dispute being recorded for the customer, then sees its freeze.
    const starting = startingCustomerIds.length
      ? await tx
          .select({ id: customers.id, frozenAt: customers.frozenAt })
          .from(customers)
          .where(isAnyOf(customers.id, startingCustomerIds))
          .orderBy(asc(customers.id))
          .for("share")
      : [];
    const owners = [...new Set([...starting.map((customer) => customer.id), ...found.map((row) => row.customerId)])];
    const accounts = owners.length
      ? await tx
          .select({
            customerId: ledgerAccounts.customerId,
            id: ledgerAccounts.id,
            posted: ledgerAccounts.posted,
            held: ledgerAccounts.held,
          })
          .from(ledgerAccounts)
          .where(isAnyOf(ledgerAccounts.customerId, owners))
          .orderBy(asc(ledgerAccounts.id))
          .for("update")
      : [];
    const kinds = await tx.select({ key: features.key, kind: features.kind }).from(features);
    const { holdExpiryMinutes } = (await policyInForce(tx)).operations;
    return new ChunkContext(
      holdExpiryMinutes,
      new Map(found.map((generation) => [generation.id, generation])),
      new Map(holds.flatMap(({ generationId, id, amount }) => (generationId ? [[generationId, { id, amount }]] : []))),
      new Map(kinds.map(({ key, kind }) => [key, kind])),
      new Map(starting.map(({ id, frozenAt }) => [id, frozenAt !== null])),
      new Map(accounts.flatMap(({ customerId, ...account }) => (customerId ? [[customerId, account]] : []))),
    );
  }

  /** Starts an event: until it writes, a refusal leaves nothing to undo. */
  beginEvent(): void {
    this.wrote = false;
  }

  get eventWrote(): boolean {
    return this.wrote;
  }

  generation(id: string): Generation | undefined {
    return this.generations.get(id);
  }

  hold(generationId: string): Hold | undefined {
    return this.holds.get(generationId);
  }

  featureKind(key: string): FeatureKind | undefined {
    return this.featureKinds.get(key);
  }

  /** Whether a customer the chunk starts generations for is frozen; undefined when there is no such customer. */
  frozenCustomer(customerId: string): boolean | undefined {
    return this.frozen.get(customerId);
  }

  account(customerId: string): Account {
    const account = this.accounts.get(customerId);
    if (!account) throw notFound("customer", customerId);
    return account;
  }

  balance(customerId: string): Balance {
    return balanceOf(this.account(customerId));
  }

  wroteGeneration(generation: Generation): void {
    this.wrote = true;
    this.generations.set(generation.id, generation);
  }

  wroteHold(generationId: string, hold: Hold): void {
    this.wrote = true;
    this.holds.set(generationId, hold);
  }

  wroteBalance(customerId: string, balance: Balance): void {
    this.wrote = true;
    const account = this.account(customerId);
    this.accounts.set(customerId, { id: account.id, posted: balance.posted, held: balance.held });
  }
}
