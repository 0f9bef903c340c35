import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { generations, ledgerAccounts, transfers } from "@/db/schema";
import { grantCredits } from "@/lib/customers/customers";
import { expireOverdueHolds, failGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { verifyLedger } from "@/lib/ledger/verify";
import { testSql } from "../setup/database";
import { balanceOf, customerWith, settle, startFor, widePool } from "../support/ledger";

const violationsOf = async () =>
  (await verifyLedger(db)).filter((check) => check.violations.length > 0).map((check) => check.violations);

describe("the lifecycle moves credits", () => {
  it("holds on start, spends on success, gives back on failure", async () => {
    await customerWith("life", 20);
    await startFor("life", "life-ok", 4);
    await startFor("life", "life-fail", 6);
    expect(await balanceOf("life")).toEqual({ available: 10, held: 10, posted: 20 });
    await succeedGeneration("life-ok", "https://cdn.example/ok.png");
    expect(await balanceOf("life")).toEqual({ available: 10, held: 6, posted: 16 });
    await failGeneration("life-fail", { errorCode: "timeout" });
    expect(await balanceOf("life")).toEqual({ available: 16, held: 0, posted: 16 });
    expect(await violationsOf()).toEqual([]);
  });

  it("treats a repeated success as a retry, and a different output as a mismatch", async () => {
    await customerWith("retry", 10);
    await startFor("retry", "retry-gen", 3);
    const first = await succeedGeneration("retry-gen", "https://cdn.example/a.png");
    const again = await succeedGeneration("retry-gen", "https://cdn.example/a.png");
    expect(again).toMatchObject({ replayed: true, generation: { status: "succeeded" }, balance: first.balance });
    await expect(succeedGeneration("retry-gen", "https://cdn.example/b.png")).rejects.toMatchObject({
      code: "idempotency.mismatch",
    });
    await expect(failGeneration("retry-gen", { errorCode: "late" })).rejects.toMatchObject({
      code: "generation.already_resolved",
    });
  });

  it("refuses a grant retried with a different amount and keeps the first", async () => {
    await customerWith("granted", 0);
    await grantCredits("granted", { key: "promo-1", amount: 5, reason: "Promotion" });
    expect(await grantCredits("granted", { key: "promo-1", amount: 5, reason: "Promotion" })).toMatchObject({
      replayed: true,
    });
    await expect(grantCredits("granted", { key: "promo-1", amount: 50, reason: "Promotion" })).rejects.toMatchObject({
      code: "idempotency.mismatch",
    });
    expect(await balanceOf("granted")).toEqual({ available: 5, held: 0, posted: 5 });
  });
});

describe("expiry sweep", () => {
  it("releases overdue holds once, even with several sweepers at once", async () => {
    await customerWith("sweep", 40);
    for (let i = 0; i < 6; i++) await startFor("sweep", `sweep-${i}`, 5);
    await succeedGeneration("sweep-0", "https://cdn.example/0.png");
    const pool = widePool(4);
    const later = new Date(Date.now() + 16 * 60 * 1000);
    const { fulfilled } = await settle(Array.from({ length: 4 }, () => expireOverdueHolds(later, 100, pool.db)));
    await pool.sql.end();
    expect(fulfilled.reduce((sum, count) => sum + count, 0)).toBe(5);
    const rows = await db.select().from(generations).where(eq(generations.customerId, "sweep"));
    expect(rows.filter((row) => row.status === "expired")).toHaveLength(5);
    expect(await balanceOf("sweep")).toEqual({ available: 35, held: 0, posted: 35 });
  });

  it("leaves holds that are not yet due", async () => {
    await customerWith("fresh", 10);
    await startFor("fresh", "fresh-gen", 2);
    expect(await expireOverdueHolds(new Date())).toBe(0);
    expect(await balanceOf("fresh")).toEqual({ available: 8, held: 2, posted: 10 });
  });
});

describe("Postgres enforces exactly once", () => {
  it("refuses a second resolution of the same hold", async () => {
    await customerWith("twice", 10);
    await startFor("twice", "twice-gen", 3);
    await succeedGeneration("twice-gen", "https://cdn.example/t.png");
    const sql = testSql();
    const [hold] = await sql`select * from transfers where generation_id = 'twice-gen' and kind = 'hold'`;
    await expect(sql`
      insert into transfers (idempotency_key, kind, debit_account_id, credit_account_id, customer_account_id, amount, available_after, pending_id, generation_id)
      values ('release:again', 'release', ${hold!.credit_account_id}, ${hold!.debit_account_id}, ${hold!.customer_account_id}, 3, 10, ${hold!.id}, 'twice-gen')`).rejects.toMatchObject(
      {
        constraint_name: "transfers_hold_resolved_once",
      },
    );
  });

  it("refuses a refund beyond what was captured, and a second refund", async () => {
    await customerWith("refunds", 10);
    await startFor("refunds", "refund-gen", 3);
    await succeedGeneration("refund-gen", "https://cdn.example/r.png");
    const sql = testSql();
    const [capture] = await sql`select * from transfers where generation_id = 'refund-gen' and kind = 'capture'`;
    const refund = (key: string, amount: number) => sql`
      insert into transfers (idempotency_key, kind, debit_account_id, credit_account_id, customer_account_id, amount, available_after, generation_id)
      values (${key}, 'refund', ${capture!.credit_account_id}, ${capture!.debit_account_id}, ${capture!.customer_account_id}, ${amount}, 10, 'refund-gen')`;
    await expect(refund("refund:too-much", 4)).rejects.toMatchObject({
      constraint_name: "transfers_refund_within_capture",
    });
    await refund("refund:first", 3);
    await expect(refund("refund:second", 3)).rejects.toMatchObject({
      constraint_name: "transfers_refund_once_per_generation",
    });
  });

  it("keeps the journal append-only and available credits non-negative", async () => {
    await customerWith("frozen", 5);
    const sql = testSql();
    await expect(sql`update transfers set amount = 500`).rejects.toThrow(/append-only/);
    await expect(sql`delete from transfers`).rejects.toThrow(/append-only/);
    await expect(sql`update ledger_accounts set held = posted + 1 where customer_id = 'frozen'`).rejects.toMatchObject({
      constraint_name: "ledger_accounts_available_not_negative",
    });
  });
});

describe("ledger:verify", () => {
  it("names the account whose stored balance disagrees with the journal", async () => {
    await customerWith("tampered", 10);
    await db.update(ledgerAccounts).set({ posted: 15 }).where(eq(ledgerAccounts.customerId, "tampered"));
    const violations = (await violationsOf()).flat();
    expect(violations).toContain("customer tampered: stored posted 15, journal says 10");
    expect(violations.some((line) => line.startsWith("system accounts sum to"))).toBe(true);
  });

  it("names a generation whose status disagrees with its hold", async () => {
    await customerWith("liar", 10);
    await startFor("liar", "liar-gen", 2);
    await db
      .update(generations)
      .set({ status: "succeeded", finishedAt: new Date() })
      .where(eq(generations.id, "liar-gen"));
    expect((await violationsOf()).flat().some((line) => line.startsWith("generation liar-gen is succeeded"))).toBe(
      true,
    );
    const holds = await db.select().from(transfers).where(eq(transfers.generationId, "liar-gen"));
    expect(holds).toHaveLength(1);
  });
});
