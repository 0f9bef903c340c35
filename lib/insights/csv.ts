import "server-only";

export type CsvCell = string | number | null;

/**
 * One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, with quotes
 * doubled. Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a
 * leading apostrophe: customers and hosts write some of these words.
 */
export function csvField(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export type CsvTable = { header: readonly string[]; rows: readonly (readonly CsvCell[])[] };

/** The whole file, CRLF between records as the RFC says. */
export function csvText({ header, rows }: CsvTable): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
