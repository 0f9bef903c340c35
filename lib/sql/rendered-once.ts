import "server-only";
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";

const dialect = new PgDialect();

/** Names a per-call value in a template: each call's `Values` must then hold it. */
export type ValueOf<Values> = (name: keyof Values & string) => Placeholder;

/**
 * A statement rendered to text once, from a template whose per-call values are placeholders, and then
 * run on any executor, the pool or a transaction, with each call's values. drizzle otherwise renders a
 * template again on every call, checking every chunk of it, and for the long statements of the money
 * calls that cost more CPU than the rest of their work in the app.
 */
export function renderedOnce<Row extends Record<string, unknown>, Values extends Record<string, unknown>>(
  template: (value: ValueOf<Values>) => SQL,
): (executor: Executor, values: Values) => Promise<Row[]> {
  const query = dialect.sqlToQuery(template((name) => sql.placeholder(name)));
  return (executor, values) =>
    executor._.session
      .prepareQuery<{ execute: Row[]; all: Row[]; values: unknown[][] }>(query, undefined, undefined, false)
      .execute(values);
}
