import type { Context, DecisionMode, Platform } from "@/db/enums";

/** What the eligibility page and its action share: the shape of a draft and its bounds. */

export const maxCreditCost = 100_000;

export type FeatureChange = { creditCost?: number; decisionMode?: DecisionMode } & Partial<Record<Platform, boolean>>;

/** Only the cells an admin changed, so a save never overwrites what someone else saved meanwhile. */
export type EligibilityChanges = {
  features: Record<string, FeatureChange>;
  contexts: Partial<Record<Context, boolean>>;
};
