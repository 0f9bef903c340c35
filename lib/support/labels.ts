import "server-only";
import type { PurchaseRuleName } from "@/lib/purchases/refund-policy";
import type { RuleName, Verdict } from "@/lib/refunds/policy";

/** How the support console names the policy's rules and verdicts in a request's trace. */

export const ruleLabels: Record<RuleName | PurchaseRuleName, string> = {
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
  day_pass_unused: "Day pass unused",
  renewal_cancelled: "Renewal cancelled",
  possible_duplicate: "Possible duplicate",
  credits_untouched: "Credits untouched",
};

/** A rule's name; a trace recorded by an older policy may name a rule that has since gone. */
export function ruleLabel(rule: string): string {
  return rule in ruleLabels ? ruleLabels[rule as keyof typeof ruleLabels] : rule;
}

export const verdictLabels: Record<Verdict, string> = {
  pass: "Pass",
  deny: "Deny",
  approve: "Approve",
  review: "Review",
  off: "Off",
};
