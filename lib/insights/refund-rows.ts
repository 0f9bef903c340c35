import "server-only";
import { db } from "@/db/client";
import { dailyFigures, readingInsights, type DayFigures } from "./daily";
import { refundRate, sumByKey, type Figures } from "./figures";
import type { Period } from "./periods";

export const insightGroupings = ["feature", "platform", "modelVersion"] as const;
export type InsightGrouping = (typeof insightGroupings)[number];

/** What a generation without a model version is grouped under. */
export const noModelVersion = "unknown";

export type RefundInsightRow = Figures & { key: string; refundRate: number };

const keys: Record<InsightGrouping, (row: DayFigures) => string> = {
  feature: (row) => row.featureKey,
  platform: (row) => row.platform,
  modelVersion: (row) => row.modelVersion ?? noModelVersion,
};

/** GET /api/v1/insights/refunds: the period's figures by one grouping, counted by the generation's createdAt. */
export async function refundInsightRows(
  period: Period,
  by: InsightGrouping,
  executor: typeof db = db,
): Promise<RefundInsightRow[]> {
  const rows = await readingInsights(executor, (tx) => dailyFigures(tx, period));
  const sums = sumByKey(rows, keys[by]);
  return [...sums]
    .map(([key, figures]) => ({ key, ...figures, refundRate: refundRate(figures) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
