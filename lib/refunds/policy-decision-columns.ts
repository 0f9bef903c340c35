import "server-only";

/** The status a request is stored with, and the policy simulator compares, for each outcome of the policy. */
export const statusOfOutcome = { approve: "approved", deny: "denied", review: "in_review" } as const;

type PolicyOutcome<Trace> = { policyVersion: number; trace: Trace; message: string } & (
  { outcome: "approve" | "deny"; code: string } | { outcome: "review" }
);

/**
 * How a request the policy has just looked at is stored, whichever kind it is: decided by the policy at
 * `now`, or left in review with no decider, which the table's checks require to go together.
 */
export function policyDecisionColumns<Trace>(decision: PolicyOutcome<Trace>, now: Date) {
  const decided = decision.outcome !== "review";
  return {
    status: statusOfOutcome[decision.outcome],
    decisionCode: decision.outcome === "review" ? null : decision.code,
    decisionMessage: decision.message,
    decidedBy: decided ? ("policy" as const) : null,
    decidedAt: decided ? now : null,
    policyVersion: decision.policyVersion,
    trace: decision.trace,
    createdAt: now,
  };
}
