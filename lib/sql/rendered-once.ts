import "server-only";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";

const dialect = new PgDialect();

/**
 * A statement rendered to text once, from a template whose per-call values are `sql.placeholder`s, and
 * then run on any executor, the pool or a transaction, with each call's values. drizzle otherwise renders
 * a template again on every call, checking every chunk of it, and for the long statements of the money
 * calls that cost more CPU than the rest of their work in the app.
 */
export function renderedOnce<Row extends Record<string, unknown>>(
  template: SQL,
): (executor: Executor, values: Record<string, unknown>) => Promise<Row[]> {
  const query = dialect.sqlToQuery(template);
  return (executor, values) =>
    executor._.session
      .prepareQuery<{ execute: Row[]; all: Row[]; values: unknown[][] }>(query, undefined, undefined, false)
      .execute(values);
}
