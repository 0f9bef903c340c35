import "server-only";
import { getTableColumns } from "drizzle-orm";
import { generations, type Generation } from "@/db/schema";

const columns = Object.entries(getTableColumns(generations));

/** The generations table's columns under their field names, for a hand-written statement: `from generations <alias>`. */
export function generationColumns(alias: string): string {
  return columns.map(([field, column]) => `${alias}."${column.name}" as "${field}"`).join(", ");
}

/**
 * A row of `generationColumns` as drizzle would return it. The driver under drizzle leaves timestamps
 * as the server's text, for drizzle's columns to map.
 */
export function generationOf(row: Record<string, unknown>): Generation {
  return Object.fromEntries(
    columns.map(([field, column]) => [field, row[field] === null ? null : column.mapFromDriverValue(row[field])]),
  ) as Generation;
}
