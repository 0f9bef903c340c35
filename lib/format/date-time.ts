import "server-only";
const format = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "10 Mar 2026, 12:00 UTC": server-rendered, so in the one zone that reads the same to everyone. */
export function dateTime(date: Date): string {
  return `${format.format(date)} UTC`;
}
