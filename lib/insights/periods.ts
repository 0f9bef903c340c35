import "server-only";

/**
 * Insights count by whole UTC days of the generation's createdAt. A period is written as two ISO dates,
 * `to` exclusive, as the host API takes them; the previous period is the same number of days just before.
 */
export type Period = { from: string; to: string };

const dayMs = 86_400_000;

export const maxPeriodDays = 366;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Nothing was generated before 1970, and Postgres has no year 0; after 9998 the day after a period's
 * last one would no longer be four digits, which breaks YYYY-MM-DD.
 */
export const earliestDay = "1970-01-01";
export const latestDay = "9998-12-31";

/** The day itself when the text is a real calendar date as YYYY-MM-DD between the two above, else null. */
export function parseDay(text: string): string | null {
  if (!isoDay.test(text) || text < earliestDay || text > latestDay) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : null;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

export function daysIn({ from, to }: Period): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

export function previousPeriod(period: Period): Period {
  return { from: addDays(period.from, -daysIn(period)), to: period.from };
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = new Date()): Period {
  const to = addDays(utcDay(now), 1);
  return { from: addDays(to, -days), to };
}

/** "the previous 30 days", as a flag says it. */
export function previousWords(period: Period): string {
  const days = daysIn(period);
  return days === 1 ? "the previous day" : `the previous ${days} days`;
}

export const defaultPeriodDays = 30;

/**
 * The period a page asks for with `from` and `through` (both days included, as people pick them), or
 * the last 30 days when none is given; a period that cannot be read falls back to those too, saying why.
 */
export function periodFromQuery(
  query: { from?: unknown; through?: unknown },
  now = new Date(),
): { period: Period; refused?: string } {
  const fallback = lastDays(defaultPeriodDays, now);
  if (query.from === undefined && query.through === undefined) return { period: fallback };
  const from = typeof query.from === "string" ? parseDay(query.from) : null;
  const through = typeof query.through === "string" ? parseDay(query.through) : null;
  if (!from || !through) return { period: fallback, refused: "Pick both days as dates; showing the last 30 days." };
  const period = { from, to: addDays(through, 1) };
  const days = daysIn(period);
  if (days < 1)
    return { period: fallback, refused: "The first day must not be after the last; showing the last 30 days." };
  if (days > maxPeriodDays) {
    return { period: fallback, refused: `Pick at most ${maxPeriodDays} days; showing the last 30 days.` };
  }
  return { period };
}

/** The page's own words for a period: `from` and `through`, both included. */
export function periodSearch(period: Period): { from: string; through: string } {
  return { from: period.from, through: addDays(period.to, -1) };
}
