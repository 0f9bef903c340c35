/** What the eligibility page and its action share: the matrix's axes and the shape of a draft. */
export const platforms = ["ios", "android", "web"] as const;
export type Platform = (typeof platforms)[number];
export const platformLabels: Record<Platform, string> = { ios: "iOS", android: "Android", web: "Web" };

export const contexts = ["editor", "batch", "product_catalog"] as const;
export type Context = (typeof contexts)[number];
export const contextLabels: Record<Context, string> = {
  editor: "Editor",
  batch: "Batch",
  product_catalog: "Product catalog",
};

export const decisionModes = ["instant", "review"] as const;
export type DecisionMode = (typeof decisionModes)[number];

export const maxCreditCost = 100_000;

export type FeatureChange = { creditCost?: number; decisionMode?: DecisionMode } & Partial<Record<Platform, boolean>>;

/** Only the cells an admin changed, so a save never overwrites what someone else saved meanwhile. */
export type EligibilityChanges = {
  features: Record<string, FeatureChange>;
  contexts: Partial<Record<Context, boolean>>;
};
