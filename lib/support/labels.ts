import "server-only";
import type { RuleName, Verdict } from "@/lib/refunds/policy";

/** How the support console names the policy's rules and verdicts in a request's trace. */

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
