import "server-only";
import type { Executor } from "@/db/client";
import type { FeatureKind } from "@/db/enums";
import { qualityChecks } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { together } from "@/lib/sql/together";
import type { QualitySignals } from "./inspect";

export type CheckedGeneration = {
  id: string;
  featureKind: FeatureKind;
  expectedWidth: number | null;
  expectedHeight: number | null;
};

/**
 * Called inside the transaction that records the success, so that every successful output has exactly
 * one check and a rolled-back success leaves none. Signals the service measured itself are stored as
 * they are; otherwise the row waits for its "quality.check" job.
 */
export async function recordQualityCheck(
  tx: Executor,
  generation: CheckedGeneration,
  signals?: QualitySignals,
): Promise<void> {
  const row = {
    generationId: generation.id,
    expectedWidth: generation.expectedWidth,
    expectedHeight: generation.expectedHeight,
  };
  if (generation.featureKind === "video") {
    // The image decoder cannot read video, and an unread file must not look like a broken one.
    await tx.insert(qualityChecks).values({ ...row, status: "not_applicable", checkedAt: new Date() });
    return;
  }
  if (signals) {
    await tx
      .insert(qualityChecks)
      .values({ ...row, ...signals, status: "checked", attempts: 1, checkedAt: new Date() });
    return;
  }
  await together(
    tx.insert(qualityChecks).values(row),
    enqueueJob(tx, "quality.check", { generationId: generation.id }),
  );
}
