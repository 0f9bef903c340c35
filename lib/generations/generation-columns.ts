import "server-only";
import { generations, type Generation } from "@/db/schema";
import { columnList, rowOf } from "@/lib/sql/table-rows";

/** The generations table's columns under their field names, for a hand-written statement: `from generations <alias>`. */
export function generationColumns(alias: string): string {
  return columnList(generations, alias);
}

/** A row of `generationColumns` as drizzle would return it. */
export function generationOf(row: Record<string, unknown>): Generation {
  return rowOf(generations, row);
}
