import "server-only";
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any($1)`, the ids going as one array parameter. IN ($1, $2, …) is another statement for
 * every length of list, and each is prepared on each connection; this is one, whatever the length.
 */
export function isAnyOf(column: AnyPgColumn, ids: string[]) {
  return sql`${column} = any(${sql.param(ids)}::text[])`;
}
