import "server-only";
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { oneRow } from "./one-row";
import { renderedOnce } from "./rendered-once";

function columnsOf(table: PgTable): [string, PgColumn][] {
  return Object.entries(getTableColumns(table));
}

/** A table's columns under their field names, for a hand-written statement: `from <table> <alias>`. */
export function columnList(table: PgTable, alias: string): string {
  return columnsOf(table)
    .map(([field, column]) => `${alias}."${column.name}" as "${field}"`)
    .join(", ");
}

/**
 * A row of `columnList` as drizzle would return it. The driver under drizzle leaves timestamps and JSON
 * as the server's text, for drizzle's columns to map.
 */
export function rowOf<Table extends PgTable>(table: Table, row: Record<string, unknown>): Table["$inferSelect"] {
  return Object.fromEntries(
    columnsOf(table).map(([field, column]) => [
      field,
      row[field] === null || row[field] === undefined ? null : column.mapFromDriverValue(row[field]),
    ]),
  ) as Table["$inferSelect"];
}

/** Every listed field's value, null where the column allows it: a listed field never takes its default. */
type GivenValues<Table extends PgTable, Field extends keyof Table["$inferInsert"]> = {
  [Name in Field]-?: Exclude<Table["$inferInsert"][Name], undefined>;
};

/**
 * An insert of one row with the given fields, rendered once, that returns the row as drizzle would.
 * Each call's values go through their columns' own mapping (JSON to text, dates to ISO strings); the
 * fields not listed take their defaults.
 */
export function insertedOnce<Table extends PgTable, Field extends keyof Table["$inferInsert"] & string>(
  table: Table,
  fields: readonly Field[],
): (executor: Executor, values: GivenValues<Table, Field>) => Promise<Table["$inferSelect"]> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const given = fields.map((field) => [field, columns[field]!] as const);
  const statement = renderedOnce<Record<string, unknown>, Record<Field, unknown>>(
    (value): SQL => sql`
      insert into ${table} (${sql.join(
        given.map(([, column]) => sql.identifier(column.name)),
        sql`, `,
      )})
      values (${sql.join(
        given.map(([field, column]) => sql`${value(field)}::${sql.raw(column.getSQLType())}`),
        sql`, `,
      )})
      returning ${sql.raw(columnList(table, `"${getTableName(table)}"`))}`,
  );
  return async (executor, values) => {
    const driverValues = Object.fromEntries(
      given.map(([field, column]) => {
        const value = (values as Record<string, unknown>)[field];
        return [field, value === null || value === undefined ? null : column.mapToDriverValue(value)];
      }),
    ) as Record<Field, unknown>;
    return rowOf(table, oneRow(await statement(executor, driverValues), `inserted ${getTableName(table)} row`));
  };
}
