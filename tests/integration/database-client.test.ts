import { eq, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { customers } from "@/db/schema";
import { systemAccountIdSql } from "@/lib/ledger/accounts";
import { isAnyOf } from "@/lib/sql/any-of";

type Connection = ReturnType<typeof connect>;
const opened: Connection[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.sql.end()));
});

/** A single-connection pool reached directly, so that the session it asks about is the one that ran the query. */
function oneConnection(prepare: boolean): Connection {
  const connection = connect(process.env.DATABASE_DIRECT_URL!, 1, { prepare });
  opened.push(connection);
  return connection;
}

/** Looks the same customer up three times through drizzle's query builder, then lists what the session has prepared. */
async function preparedLookups({ db }: Connection): Promise<string[]> {
  for (const id of ["a", "b", "a"]) {
    await db.select({ id: customers.id }).from(customers).where(eq(customers.id, id));
  }
  const rows = await db.execute<{ statement: string }>(
    sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%from "customers"%'`,
  );
  return rows.map((row) => row.statement);
}

describe("the app's database client", () => {
  it("prepares each statement drizzle builds once per connection, under a name", async () => {
    const statements = await preparedLookups(oneConnection(true));

    expect(statements).toEqual([expect.stringContaining('where "customers"."id" = $1')]);
  });

  it("prepares nothing when its pool is told not to, as behind a transaction pooler", async () => {
    expect(await preparedLookups(oneConnection(false))).toEqual([]);
  });

  it("prepares the statements inside a transaction and its savepoints too", async () => {
    const connection = oneConnection(true);
    await connection.db.transaction(async (tx) => {
      await tx.update(customers).set({ email: "nobody@example.com" }).where(eq(customers.id, "nobody"));
      await tx.transaction((savepoint) => savepoint.delete(customers).where(eq(customers.id, "nobody")));
    });

    const rows = await connection.db.execute<{ statement: string }>(
      sql`SELECT statement FROM pg_prepared_statements WHERE statement ~ '^(update|delete from) "customers"' ORDER BY statement`,
    );
    expect(rows.map((row) => row.statement.split(" ")[0])).toEqual(["delete", "update"]);
  });
});

describe("isAnyOf", () => {
  it("is one prepared statement whatever the length of its list", async () => {
    const connection = oneConnection(true);
    await connection.db
      .insert(customers)
      .values(["any-1", "any-2", "any-3"].map((id) => ({ id, email: `${id}@example.com` })));
    const found = [];
    for (const ids of [["any-1"], ["any-1", "any-2"], ["any-3", "any-2", "nobody"]]) {
      const rows = await connection.db
        .select({ id: customers.id })
        .from(customers)
        .where(isAnyOf(customers.id, ids))
        .orderBy(customers.id);
      found.push(rows.map((row) => row.id));
    }

    expect(found).toEqual([["any-1"], ["any-1", "any-2"], ["any-2", "any-3"]]);
    const prepared = await connection.db.execute(
      sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%= any(%'`,
    );
    expect(prepared).toHaveLength(1);
  });
});

describe("a system account's lookup", () => {
  it("uses its index even in a plan made for any kind, as a prepared statement's generic plan is", async () => {
    const { sql: lookup } = new PgDialect().sqlToQuery(systemAccountIdSql("consumed"));
    const plan = await oneConnection(true).sql.begin(async (tx) => {
      // Without the index, the plan would read every account, whatever a scan is estimated to cost.
      await tx`set local enable_seqscan = off`;
      await tx`set local plan_cache_mode = force_generic_plan`;
      await tx.unsafe(`prepare lookup(account_kind) as select ${lookup}`);
      return tx.unsafe<{ "QUERY PLAN": string }[]>("explain execute lookup('consumed')");
    });

    const lines = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(lines).toContain("ledger_accounts_one_per_system_kind");
    expect(lines).not.toContain("Seq Scan");
  });
});
