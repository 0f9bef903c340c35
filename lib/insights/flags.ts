import "server-only";
import { percent } from "./percent.shared";
import { previousWords, type Period } from "./periods";
import type { InsightRow } from "./rows";

/**
 * A rate "rose clearly" when there was enough to go on and the rise is both relative and absolute:
 * at least 20 reports or 200 credits spent in the period, and the rate at least 1.5 times what it was
 * and at least 3 percentage points higher.
 */
export const flagRule = { minReports: 20, minCreditsSpent: 200, minRatio: 1.5, minPoints: 0.03 } as const;

export type Flag = {
  subject: string;
  metric: "refund rate" | "report rate";
  current: number;
  previous: number;
  sentence: string;
};

function roseClearly(current: number, previous: number): boolean {
  return current >= previous * flagRule.minRatio && current - previous >= flagRule.minPoints;
}

/** "Virtual Model v2: refund rate 14%, up from 5% in the previous 30 days", for each row that rose clearly. */
export function flagsFor(rows: readonly InsightRow[], period: Period): Flag[] {
  const flags: Flag[] = [];
  for (const row of rows) {
    const { current, previous } = row;
    if (current.refundRequests < flagRule.minReports && current.creditsSpent < flagRule.minCreditsSpent) continue;
    const metrics = [
      { metric: "refund rate", now: current.refundRate, before: previous.refundRate },
      { metric: "report rate", now: current.reportRate, before: previous.reportRate },
    ] as const;
    for (const { metric, now, before } of metrics) {
      if (!roseClearly(now, before)) continue;
      flags.push({
        subject: row.label,
        metric,
        current: now,
        previous: before,
        sentence: `${row.label}: ${metric} ${percent(now, 0)}, up from ${percent(before, 0)} in ${previousWords(period)}`,
      });
    }
  }
  return flags;
}
