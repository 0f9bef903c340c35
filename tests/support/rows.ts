import type { PgTable } from "drizzle-orm/pg-core";
import { db } from "@/db/client";

/** Every row of each table, under the names given: taken before and after a refused call to show it wrote nothing. */
export async function rowsOf<Tables extends Record<string, PgTable>>(tables: Tables) {
  const rows: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(tables)) rows[name] = await db.select().from(table);
  return rows as { [Name in keyof Tables]: Tables[Name]["$inferSelect"][] };
}
