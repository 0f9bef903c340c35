import "server-only";

/**
 * The single row of a query that cannot return another number of rows: an INSERT or an UPDATE of a
 * locked row with RETURNING, or an aggregate. Any other count is a bug, not a refusal, so it throws.
 */
export function oneRow<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`expected one ${what} row, got ${rows.length}`);
  return row;
}
