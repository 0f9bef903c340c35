import "server-only";
import { refundRate, reportRate, sumByKey, emptyFigures, type Figures } from "./figures";

export type Slice = Figures & { refundRate: number; reportRate: number };

/** One line of an insights table: a feature, a model version or a platform, in the period and the one before. */
export type InsightRow = { key: string; label: string; current: Slice; previous: Slice };

export function slice(figures: Figures): Slice {
  return { ...figures, refundRate: refundRate(figures), reportRate: reportRate(figures) };
}

/** The rows of both periods summed by key, labelled, largest by generations first. */
export function insightRows<Row extends Figures>(
  current: readonly Row[],
  previous: readonly Row[],
  keyOf: (row: Row) => string,
  labelOf: (key: string) => string,
): InsightRow[] {
  const now = sumByKey(current, keyOf);
  const before = sumByKey(previous, keyOf);
  const keys = new Set([...now.keys(), ...before.keys()]);
  return [...keys]
    .map((key) => ({
      key,
      label: labelOf(key),
      current: slice(now.get(key) ?? emptyFigures()),
      previous: slice(before.get(key) ?? emptyFigures()),
    }))
    .sort((a, b) => b.current.generations - a.current.generations || a.label.localeCompare(b.label));
}
