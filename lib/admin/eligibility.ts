import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { contexts, platforms, type Context, type Platform } from "@/db/enums";
import { contextEligibility, featureEligibility, features, type Feature } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, unknownFeature } from "@/lib/errors";
import type { EligibilityChanges, FeatureChange } from "./eligibility-shape.shared";

export type FeatureRow = Pick<Feature, "key" | "name" | "kind" | "creditCost" | "decisionMode"> & {
  platforms: Record<Platform, boolean>;
};

export type EligibilityMatrix = { features: FeatureRow[]; contexts: { context: Context; eligible: boolean }[] };

export async function eligibilityMatrix(): Promise<EligibilityMatrix> {
  const [rows, cells, contextRows] = await Promise.all([
    db.select().from(features).orderBy(asc(features.position)),
    db.select().from(featureEligibility),
    db.select().from(contextEligibility),
  ]);
  const eligible = (key: string, platform: string) =>
    cells.some((cell) => cell.featureKey === key && cell.platform === platform && cell.eligible);
  return {
    features: rows.map((row) => ({
      key: row.key,
      name: row.name,
      kind: row.kind,
      creditCost: row.creditCost,
      decisionMode: row.decisionMode,
      platforms: Object.fromEntries(platforms.map((platform) => [platform, eligible(row.key, platform)])) as Record<
        Platform,
        boolean
      >,
    })),
    contexts: contexts.map((context) => ({
      context,
      eligible: contextRows.find((row) => row.context === context)?.eligible ?? false,
    })),
  };
}

type Diff = { before: EligibilityChanges; after: EligibilityChanges };

function record(diff: Diff, featureKey: string, field: keyof FeatureChange, before: unknown, after: unknown) {
  if (before === after) return;
  Object.assign((diff.before.features[featureKey] ??= {}), { [field]: before });
  Object.assign((diff.after.features[featureKey] ??= {}), { [field]: after });
}

/**
 * Writes a draft in one transaction with its audit event, which holds only what really changed.
 * The rows are locked first, so two admins saving at once each record what they actually replaced.
 */
export async function saveEligibility(actor: CurrentUser, changes: EligibilityChanges, note: string) {
  return db.transaction(async (tx) => {
    const keys = Object.keys(changes.features);
    const current = keys.length
      ? await tx.select().from(features).where(inArray(features.key, keys)).orderBy(asc(features.key)).for("update")
      : [];
    const unknown = keys.find((key) => !current.some((row) => row.key === key));
    if (unknown) throw unknownFeature(unknown);
    const cells = keys.length
      ? await tx.select().from(featureEligibility).where(inArray(featureEligibility.featureKey, keys)).for("update")
      : [];
    const contextRows = await tx.select().from(contextEligibility).for("update");
    const diff: Diff = { before: { features: {}, contexts: {} }, after: { features: {}, contexts: {} } };

    for (const row of current) {
      const change = changes.features[row.key] ?? {};
      const { creditCost = row.creditCost, decisionMode = row.decisionMode } = change;
      record(diff, row.key, "creditCost", row.creditCost, creditCost);
      record(diff, row.key, "decisionMode", row.decisionMode, decisionMode);
      if (creditCost !== row.creditCost || decisionMode !== row.decisionMode) {
        await tx.update(features).set({ creditCost, decisionMode }).where(eq(features.key, row.key));
      }
      for (const platform of platforms) {
        const wanted = change[platform];
        if (wanted === undefined) continue;
        const was = cells.find((cell) => cell.featureKey === row.key && cell.platform === platform)?.eligible ?? false;
        record(diff, row.key, platform, was, wanted);
        if (was === wanted) continue;
        await tx
          .insert(featureEligibility)
          .values({ featureKey: row.key, platform, eligible: wanted })
          .onConflictDoUpdate({
            target: [featureEligibility.featureKey, featureEligibility.platform],
            set: { eligible: wanted },
          });
      }
    }
    for (const context of contexts) {
      const wanted = changes.contexts[context];
      const was = contextRows.find((row) => row.context === context)?.eligible ?? false;
      if (wanted === undefined || wanted === was) continue;
      diff.before.contexts[context] = was;
      diff.after.contexts[context] = wanted;
      await tx
        .insert(contextEligibility)
        .values({ context, eligible: wanted })
        .onConflictDoUpdate({ target: contextEligibility.context, set: { eligible: wanted } });
    }

    const changed =
      Object.values(diff.after.features).reduce((sum, fields) => sum + Object.keys(fields).length, 0) +
      Object.keys(diff.after.contexts).length;
    if (changed === 0)
      throw new DomainError("eligibility.unchanged", "Nothing has changed: make a change before saving.");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "eligibility.changed",
      targetType: "eligibility",
      targetId: "matrix",
      before: diff.before,
      after: { ...diff.after, note },
    });
    return changed;
  });
}
