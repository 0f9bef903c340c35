const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Infinity],
];

const phrasing = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "yesterday": how long ago an ISO time was, as of `now`. */
export function relativeTime(iso: string, now: number): string {
  let amount = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(amount) < 45) return "just now";
  let unit: Intl.RelativeTimeFormatUnit = "second";
  for (const [step, perNext] of steps) {
    unit = step;
    if (Math.abs(amount) < perNext) break;
    amount /= perNext;
  }
  return phrasing.format(Math.round(amount), unit);
}
