import { eq, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEvents, customers } from "@/db/schema";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { insertedOnce } from "@/lib/sql/table-rows";

afterEach(() => vi.restoreAllMocks());

const emailOf = renderedOnce<{ email: string | null }, { id: string }>(
  (value) => sql`select ${customers.email} as email from ${customers} where ${customers.id} = ${value("id")}`,
);

const renamed = renderedOnce<{ id: string }, { id: string; email: string }>(
  (value) => sql`update ${customers} set email = ${value("email")} where ${customers.id} = ${value("id")}
    returning ${customers.id} as id`,
);

async function customer(id: string, email: string) {
  await db.insert(customers).values({ id, email });
}

describe("a statement rendered once", () => {
  it("runs on the pool with each call's own values", async () => {
    await customer("once-a", "a@example.com");
    await customer("once-b", "b@example.com");

    expect(await emailOf(db, { id: "once-a" })).toEqual([{ email: "a@example.com" }]);
    expect(await emailOf(db, { id: "once-b" })).toEqual([{ email: "b@example.com" }]);
    expect(await emailOf(db, { id: "nobody" })).toEqual([]);
  });

  it("is not rendered again when it runs", async () => {
    await customer("once-c", "c@example.com");
    const rendering = vi.spyOn(PgDialect.prototype, "sqlToQuery");

    await emailOf(db, { id: "once-c" });
    await renamed(db, { id: "once-c", email: "c2@example.com" });

    expect(rendering).not.toHaveBeenCalled();
  });

  it("runs on the transaction it is given: it sees the transaction's own writes, and its writes roll back with it", async () => {
    await customer("once-d", "d@example.com");
    const rollback = new Error("roll back");

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(customers).values({ id: "once-f", email: "f@example.com" });
        expect(await emailOf(tx, { id: "once-f" })).toEqual([{ email: "f@example.com" }]);
        expect(await renamed(tx, { id: "once-d", email: "changed@example.com" })).toEqual([{ id: "once-d" }]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);

    expect(await emailOf(db, { id: "once-f" })).toEqual([]);
    const [kept] = await db.select({ email: customers.email }).from(customers).where(eq(customers.id, "once-d"));
    expect(kept).toEqual({ email: "d@example.com" });
  });

  it("refuses a call that leaves a value out, and sends nothing", async () => {
    await customer("once-g", "g@example.com");

    // A caller that gets past the types, as JavaScript may.
    const withoutEmail = { id: "once-g" } as { id: string; email: string };
    await expect(renamed(db, withoutEmail)).rejects.toThrow('No value for placeholder "email"');

    expect(await emailOf(db, { id: "once-g" })).toEqual([{ email: "g@example.com" }]);
  });
});

describe("an insert rendered once", () => {
  const insertAudit = insertedOnce(auditEvents, ["action", "targetType", "targetId", "before", "after", "createdAt"]);

  it("returns the row as drizzle reads it back, JSON and times included, with defaults for what it left out", async () => {
    const before = { nested: [1, "é", null, { deep: true }], quote: 'a "b" \\ c' };
    const createdAt = new Date("2026-11-30T10:20:30.456Z");

    const inserted = await insertAudit(db, {
      action: "once.tested",
      targetType: "thing",
      targetId: "once-1",
      before,
      after: null,
      createdAt,
    });

    const [stored] = await db.select().from(auditEvents).where(eq(auditEvents.id, inserted.id));
    expect(inserted).toEqual(stored);
    expect(inserted).toMatchObject({ actorId: null, before, after: null, createdAt });
    expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is not rendered again, and runs on the transaction it is given", async () => {
    const rendering = vi.spyOn(PgDialect.prototype, "sqlToQuery");
    const rollback = new Error("roll back");

    let insertedId = "";
    await expect(
      db.transaction(async (tx) => {
        const entry = { action: "once.rolled", targetType: "thing", targetId: "once-2", before: null, after: null };
        insertedId = (await insertAudit(tx, { ...entry, createdAt: new Date() })).id;
        throw rollback;
      }),
    ).rejects.toBe(rollback);

    expect(rendering).not.toHaveBeenCalled();
    expect(await db.select().from(auditEvents).where(eq(auditEvents.id, insertedId))).toEqual([]);
  });
});
