import "server-only";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { db } from "@/db/client";
import { generations, refundRequests } from "@/db/schema";
import type { Period } from "./periods";
import { usesPhrase } from "./themes";

export const themeReportsShown = 200;

/** A feature's reports in a period are read whole and each text is read as themes read it, up to this many. */
const reportsRead = 20_000;

/**
 * The reports behind a theme: a feature's "Bad result" reports whose generation was made in the period
 * and whose words use the phrase, newest first.
 */
export async function themeReports(featureKey: string, theme: string, period: Period) {
  const candidates = await db
    .select({
      id: refundRequests.id,
      generationId: refundRequests.generationId,
      customerId: refundRequests.customerId,
      reason: refundRequests.reason,
      details: refundRequests.details,
      status: refundRequests.status,
      createdAt: refundRequests.createdAt,
    })
    .from(refundRequests)
    .innerJoin(generations, eq(generations.id, refundRequests.generationId))
    .where(
      and(
        eq(refundRequests.kind, "generation"),
        eq(generations.featureKey, featureKey),
        gte(generations.createdAt, new Date(`${period.from}T00:00:00Z`)),
        lt(generations.createdAt, new Date(`${period.to}T00:00:00Z`)),
      ),
    )
    .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
    .limit(reportsRead);
  const matching = candidates.filter((report) => usesPhrase(report.details, theme));
  return { reports: matching.slice(0, themeReportsShown), total: matching.length };
}
