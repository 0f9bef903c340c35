import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, type Executor } from "@/db/client";
import {
  disputes,
  generations,
  ledgerAccounts,
  providerRefunds,
  purchases,
  refundRequests,
  transfers,
} from "@/db/schema";
import { customerAccount } from "@/lib/ledger/accounts";
import { verifyLedger } from "@/lib/ledger/verify";
import { markDisputeLegitimate, upsertDispute } from "@/lib/purchases/disputes";
import { boughtCreditPack } from "../support/purchases";
import { generationFor } from "../support/ledger";
import { staffMember } from "../support/people";
import { establishedCustomer } from "../support/refunds";

/**
 * Each purchase invariant broken on purpose, by rows written past the domain code, inside a
 * transaction that is rolled back: the check must name the break, and the ledger stays whole for the
 * next test.
 */

class RolledBack extends Error {}

const checks = {
  granted: "each purchase granted its credits exactly once",
  reversed: "credits reversed for a purchase never exceed what it granted, and are what the purchase records",
  money: "money refunded never exceeds what was charged: recorded, approved, or sent through a provider",
  sent: "each provider refund sends exactly the money its approved purchase refund request names",
  frozen: "a frozen customer starts no generation: no generation hold while a dispute of theirs is open and unresolved",
} as const;

async function violationsAfter(breakIt: (tx: Executor) => Promise<void>): Promise<Record<string, string[]>> {
  let found: Record<string, string[]> = {};
  await db
    .transaction(async (tx) => {
      await breakIt(tx);
      const results = await verifyLedger(tx);
      found = Object.fromEntries(
        results.filter((check) => check.violations.length > 0).map((c) => [c.name, c.violations]),
      );
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return found;
}

const customerId = "inv-buyer";
const purchaseId = "inv-pack";

beforeAll(async () => {
  await establishedCustomer(customerId, 10);
  await boughtCreditPack(customerId, purchaseId);
});

async function accountIds(tx: Executor) {
  const account = await customerAccount(tx, customerId);
  const [system] = await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.kind, "purchases"));
  return { customer: account.id, purchases: system!.id };
}

/** An approved purchase refund request for `money`, written straight to the table. */
async function approvedRequest(tx: Executor, money: number) {
  const [request] = await tx
    .insert(refundRequests)
    .values({
      kind: "purchase",
      purchaseId,
      customerId,
      purchaseReason: "accidental",
      details: "Bought the wrong pack",
      source: "api",
      status: "approved",
      decisionCode: "purchase_refund.untouched",
      decisionMessage: "Refunded",
      decidedBy: "policy",
      decidedAt: new Date(),
      creditsReversed: 0,
      moneyRefunded: money,
      policyVersion: 1,
      trace: [],
    })
    .returning();
  return request!;
}

describe("the purchase invariants", () => {
  it("hold for a purchase made through the domain", async () => {
    expect(await violationsAfter(async () => {})).toEqual({});
  });

  it("a purchase with no grant is reported", async () => {
    const found = await violationsAfter(async (tx) => {
      await tx.insert(purchases).values({
        id: "inv-ungranted",
        customerId,
        productKey: "credits_100",
        kind: "credit_pack",
        amount: 999,
        currency: "USD",
        credits: 100,
        provider: "host",
        purchasedAt: new Date(),
      });
    });
    expect(found[checks.granted]).toEqual(["purchase inv-ungranted: 0 grants of 0 credits, 100 bought"]);
  });

  it("credits reversed beyond the grant are reported", async () => {
    const found = await violationsAfter(async (tx) => {
      const accounts = await accountIds(tx);
      await tx.insert(transfers).values({
        idempotencyKey: "inv-overreversal",
        kind: "purchase_reversal",
        debitAccountId: accounts.customer,
        creditAccountId: accounts.purchases,
        customerAccountId: accounts.customer,
        amount: 150,
        availableAfter: 0,
        purchaseId,
      });
    });
    expect(found[checks.reversed]).toEqual([
      `purchase ${purchaseId}: 150 credits reversed of 100 granted, the purchase records 0`,
    ]);
  });

  it("a purchase recording reversals the journal does not have is reported", async () => {
    const found = await violationsAfter(async (tx) => {
      await tx.update(purchases).set({ creditsReversed: 40 }).where(eq(purchases.id, purchaseId));
    });
    expect(found[checks.reversed]).toEqual([
      `purchase ${purchaseId}: 0 credits reversed of 100 granted, the purchase records 40`,
    ]);
  });

  it("money refunded beyond the amount charged is reported, even past the table's own check", async () => {
    const found = await violationsAfter(async (tx) => {
      await tx.execute(sql`alter table purchases drop constraint purchases_money_refunded`);
      await tx.update(purchases).set({ moneyRefunded: 1500 }).where(eq(purchases.id, purchaseId));
    });
    expect(found[checks.money]).toEqual([
      `purchase ${purchaseId}: charged 999, records 1500 refunded, 0 approved, 0 sent or being sent`,
    ]);
  });

  it("money approved that the purchase does not record is reported", async () => {
    const found = await violationsAfter(async (tx) => {
      await approvedRequest(tx, 500);
    });
    expect(found[checks.money]).toEqual([
      `purchase ${purchaseId}: charged 999, records 0 refunded, 500 approved, 0 sent or being sent`,
    ]);
  });

  it("a provider refund that differs from its request, or sends more than was charged, is reported", async () => {
    const found = await violationsAfter(async (tx) => {
      await tx.update(purchases).set({ moneyRefunded: 500 }).where(eq(purchases.id, purchaseId));
      const request = await approvedRequest(tx, 500);
      await tx.insert(providerRefunds).values({
        id: "00000000-0000-4000-8000-000000000001",
        purchaseId,
        refundRequestId: request.id,
        provider: "host",
        amount: 1200,
        currency: "USD",
        reason: "requested_by_customer",
      });
    });
    expect(found[checks.sent]).toEqual([
      `provider refund 00000000-0000-4000-8000-000000000001 of 1200 for purchase ${purchaseId}: its request is approved for 500 on purchase ${purchaseId}`,
    ]);
    expect(found[checks.money]).toEqual([
      `purchase ${purchaseId}: charged 999, records 500 refunded, 500 approved, 1200 sent or being sent`,
    ]);
  });

  describe("while a dispute freezes the customer", () => {
    const disputeId = "inv-dispute";

    beforeAll(async () => {
      await upsertDispute({ id: disputeId, purchaseId, status: "open" });
    });

    /** A generation started past startGeneration's refusal: its row and its hold, written directly. */
    async function sneakedHold(tx: Executor, generationId: string) {
      const made = generationFor(customerId, generationId, 2);
      await tx.insert(generations).values({
        id: generationId,
        customerId,
        featureKey: made.feature,
        platform: made.platform,
        context: made.context,
        cost: 2,
        holdExpiresAt: new Date(Date.now() + 60_000),
      });
      const accounts = await accountIds(tx);
      const [consumed] = await tx
        .select({ id: ledgerAccounts.id })
        .from(ledgerAccounts)
        .where(eq(ledgerAccounts.kind, "consumed"));
      await tx
        .update(ledgerAccounts)
        .set({ held: sql`${ledgerAccounts.held} + 2` })
        .where(eq(ledgerAccounts.id, accounts.customer));
      await tx.insert(transfers).values({
        idempotencyKey: `hold:${generationId}`,
        kind: "hold",
        debitAccountId: accounts.customer,
        creditAccountId: consumed!.id,
        customerAccountId: accounts.customer,
        amount: 2,
        availableAfter: 8,
        generationId,
      });
    }

    it("a generation's hold is reported", async () => {
      const found = await violationsAfter((tx) => sneakedHold(tx, "inv-sneaked"));
      expect(found[checks.frozen]).toHaveLength(1);
      expect(found[checks.frozen]![0]).toMatch(
        new RegExp(
          `^customer ${customerId}: generation inv-sneaked held credits at .+, while dispute ${disputeId} froze them$`,
        ),
      );
      expect(Object.keys(found)).toEqual([checks.frozen]);
    });

    it("once the dispute is found legitimate, a new hold is not", async () => {
      const found = await violationsAfter(async (tx) => {
        const admin = await staffMember("Invariant Admin", "admin");
        await markDisputeLegitimate(disputeId, "Known customer", admin, tx);
        // The hold's time is the transaction's start, as it would be in a later one; move the finding before it.
        await tx
          .update(disputes)
          .set({ foundAt: sql`now() - interval '1 second'` })
          .where(eq(disputes.id, disputeId));
        await sneakedHold(tx, "inv-after-finding");
      });
      expect(found).toEqual({});
    });
  });
});
