import "server-only";
import { asc } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import type { RefundReason } from "@/db/enums";
import { features } from "@/db/schema";
import { platformLabels } from "@/lib/generations/labels.shared";
import { reasonLabel } from "@/lib/refunds/reasons.shared";
import { dailyFigures, readingInsights, reportTexts, type DayFigures, type ReportTexts } from "./daily";
import { sumFigures } from "./figures";
import { flagsFor, type Flag } from "./flags";
import { addDays, daysIn, previousPeriod, type Period } from "./periods";
import { insightRows, slice, type InsightRow, type Slice } from "./rows";
import { phraseCounts, themesOf } from "./themes";

export type WeekPoint = { start: string; days: number; figures: Slice };

export type ReasonCount = { reason: RefundReason; label: string; current: number; previous: number };

export type ThemeLine = { phrase: string; reports: number; previous: number };

export type FeatureNotes<Item> = { featureKey: string; label: string; items: Item[] };

export type Insights = {
  period: Period;
  previous: Period;
  totals: { current: Slice; previous: Slice };
  byFeature: InsightRow[];
  byModel: InsightRow[];
  byPlatform: InsightRow[];
  weekly: WeekPoint[];
  reasons: FeatureNotes<ReasonCount>[];
  themes: FeatureNotes<ThemeLine>[];
  flags: Flag[];
};

export const themesPerFeature = 8;

/** How each feature is named on screen, by key; a key no longer in the catalog shows as itself. */
export async function featureNames(executor: Executor = db): Promise<(key: string) => string> {
  const rows = await executor
    .select({ key: features.key, name: features.name })
    .from(features)
    .orderBy(asc(features.position));
  const names = new Map(rows.map((row) => [row.key, row.name]));
  return (key) => names.get(key) ?? key;
}

/** A model version belongs to a feature in practice, so the page names it with it: "Virtual Model v2". */
export function modelKey(row: Pick<DayFigures, "featureKey" | "modelVersion">): string {
  return `${row.featureKey}\u0000${row.modelVersion ?? ""}`;
}

function modelLabel(key: string, featureName: (key: string) => string): string {
  const [featureKey = "", version = ""] = key.split("\u0000");
  return `${featureName(featureKey)} ${version || "(no model version)"}`;
}

/** Seven-day steps from the period's first day; the last one may be shorter. */
function weekly(rows: readonly DayFigures[], period: Period): WeekPoint[] {
  const weeks: WeekPoint[] = [];
  const total = daysIn(period);
  for (let offset = 0; offset < total; offset += 7) {
    const start = addDays(period.from, offset);
    const end = addDays(start, Math.min(7, total - offset));
    const inWeek = rows.filter((row) => row.day >= start && row.day < end);
    weeks.push({ start, days: Math.min(7, total - offset), figures: slice(sumFigures(inWeek)) });
  }
  return weeks;
}

function reasonsByFeature(texts: readonly ReportTexts[], featureName: (key: string) => string) {
  const byFeature = new Map<string, Map<RefundReason, ReasonCount>>();
  for (const text of texts) {
    const reasons = byFeature.get(text.featureKey) ?? new Map<RefundReason, ReasonCount>();
    byFeature.set(text.featureKey, reasons);
    const count = reasons.get(text.reason) ?? {
      reason: text.reason,
      label: reasonLabel(text.reason),
      current: 0,
      previous: 0,
    };
    reasons.set(text.reason, count);
    if (text.later) count.current += text.reports;
    else count.previous += text.reports;
  }
  const features = [...byFeature].map(([featureKey, reasons]) => ({
    featureKey,
    label: featureName(featureKey),
    items: [...reasons.values()].sort((a, b) => b.current - a.current || b.previous - a.previous),
  }));
  return mostReportedFirst(features, (item) => item.current);
}

/** Features with the most reports in the period first: rows arrive from the database in no order. */
function mostReportedFirst<Item>(features: FeatureNotes<Item>[], reportsOf: (item: Item) => number) {
  const total = (feature: FeatureNotes<Item>) => feature.items.reduce((sum, item) => sum + reportsOf(item), 0);
  return features.sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label));
}

function themesByFeature(texts: readonly ReportTexts[], featureName: (key: string) => string) {
  const featureKeys = [...new Set(texts.map((text) => text.featureKey))];
  const features = featureKeys
    .map((featureKey) => {
      const own = texts.filter((text) => text.featureKey === featureKey);
      const side = (later: boolean) =>
        own.filter((text) => text.later === later).map(({ details, reports }) => ({ text: details, reports }));
      const previous = phraseCounts(side(false));
      const items = themesOf(side(true), themesPerFeature).map((theme) => ({
        ...theme,
        previous: previous.get(theme.phrase) ?? 0,
      }));
      return { featureKey, label: featureName(featureKey), items };
    })
    .filter((feature) => feature.items.length > 0);
  return mostReportedFirst(features, (item) => item.reports);
}

/** Everything /admin/insights shows for a period, beside the period before it, read in one snapshot. */
export function insightsFor(period: Period, executor: typeof db = db): Promise<Insights> {
  return readingInsights(executor, async (tx) => {
    const previous = previousPeriod(period);
    const both = { from: previous.from, to: period.to };
    const featureName = await featureNames(tx);
    const rows = await dailyFigures(tx, both);
    const texts = await reportTexts(tx, both, period.from);
    const current = rows.filter((row) => row.day >= period.from);
    const before = rows.filter((row) => row.day < period.from);
    const byFeature = insightRows(current, before, (row) => row.featureKey, featureName);
    const byModel = insightRows(current, before, modelKey, (key) => modelLabel(key, featureName));
    const byPlatform = insightRows(
      current,
      before,
      (row) => row.platform,
      (key) => platformLabels[key as keyof typeof platformLabels] ?? key,
    );
    return {
      period,
      previous,
      totals: { current: slice(sumFigures(current)), previous: slice(sumFigures(before)) },
      byFeature,
      byModel,
      byPlatform,
      weekly: weekly(current, period),
      reasons: reasonsByFeature(texts, featureName),
      themes: themesByFeature(texts, featureName),
      flags: flagsFor([...byFeature, ...byModel], period),
    };
  });
}
