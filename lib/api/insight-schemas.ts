import "server-only";
import { z } from "zod";
import { daysIn, earliestDay, latestDay, maxPeriodDays, parseDay } from "@/lib/insights/periods";
import { insightGroupings, noModelVersion, type RefundInsightRow } from "@/lib/insights/refund-rows";
import { object, oneOf } from "./fields";

/** GET /insights/refunds: what a host asks for, and the shape of each row it gets back. */

const dayRule = `must be a date from ${earliestDay} to ${latestDay}, such as 2026-03-01 (YYYY-MM-DD)`;

const day = z.iso
  .date({ error: (issue) => (issue.input === undefined ? "is required" : dayRule) })
  .refine((text) => parseDay(text) !== null, { error: dayRule });

export const insightRefundsQuery = object({
  from: day.meta({ description: "The first day counted, in UTC" }),
  to: day.meta({ description: "The day after the last one counted (exclusive), in UTC" }),
  by: oneOf(insightGroupings).meta({ description: "What each row is: a feature key, a platform or a model version" }),
}).refine((query) => daysIn(query) >= 1 && daysIn(query) <= maxPeriodDays, {
  path: ["to"],
  error: `must be after from, and at most ${maxPeriodDays} days after it`,
});

const count = z.int().min(0);

export const refundInsightRowSchema = z
  .object({
    key: z.string().meta({
      description: `The feature key, platform or model version; generations without a model version are under "${noModelVersion}"`,
    }),
    generations: count,
    succeeded: count,
    failed: count.meta({ description: "failed or expired: their holds were released" }),
    refundRequests: count.meta({ description: '"Bad result" reports of these generations' }),
    approved: count,
    denied: count,
    inReview: count,
    creditsSpent: count.meta({ description: "credits captured by the successful generations" }),
    creditsRefunded: count.meta({ description: 'credits given back by approved "Bad result" reports' }),
    refundRate: z.number().min(0).meta({ description: "creditsRefunded ÷ creditsSpent; 0 when nothing was spent" }),
  })
  .meta({ id: "RefundInsightRow" });

export const refundInsightsSchema = z.object({ rows: z.array(refundInsightRowSchema) });

export function serializeRefundInsights(rows: readonly RefundInsightRow[]): z.input<typeof refundInsightsSchema> {
  return {
    rows: rows.map((row) => ({
      key: row.key,
      generations: row.generations,
      succeeded: row.succeeded,
      failed: row.failed,
      refundRequests: row.refundRequests,
      approved: row.approved,
      denied: row.denied,
      inReview: row.inReview,
      creditsSpent: row.creditsSpent,
      creditsRefunded: row.creditsRefunded,
      refundRate: row.refundRate,
    })),
  };
}
