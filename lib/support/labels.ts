import type { RuleName, Verdict } from "@/lib/refunds/policy";

/** How the support console names what the database stores as codes. */

export const platformLabels = { ios: "iOS", android: "Android", web: "Web" } as const;

export type Platform = keyof typeof platformLabels;

export const platforms = Object.keys(platformLabels) as Platform[];

export const contextLabels = { editor: "Editor", batch: "Batch", product_catalog: "Product catalog" } as const;

export const ruleLabels: Record<RuleName, string> = {
  account_active: "Account active",
  generation_succeeded: "Generation succeeded",
  within_window: "Within the window",
  feature_eligible: "Feature eligible",
  context_eligible: "Context eligible",
  hard_limit: "Hard limit",
  not_used_downstream: "Not used downstream",
  clearly_unusable: "Clearly unusable",
  soft_limit: "Soft limit",
  refunded_share: "Refunded share",
  account_age: "Account age",
  decision_mode: "Feature's mode",
};

export const verdictLabels: Record<Verdict, string> = {
  pass: "Pass",
  deny: "Deny",
  approve: "Approve",
  review: "Review",
  off: "Off",
};
