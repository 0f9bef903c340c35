/** Why an agent refuses a request: the code recorded with the decision, and a message the agent can start from. */
export const denyReasons = [
  {
    value: "not_clearly_unusable",
    label: "Not clearly unusable",
    message: "We looked closely at this result and it is usable as delivered, so we can't refund it.",
  },
  {
    value: "outside_window",
    label: "Outside the window",
    message: "This result was reported after the refund window had closed, so we can't refund it.",
  },
  {
    value: "duplicate",
    label: "Duplicate",
    message: "This result was already refunded or reported in another request, so we can't refund it again.",
  },
  {
    value: "misuse",
    label: "Misuse",
    message: "This request does not meet our refund terms, so we can't refund it.",
  },
  { value: "other", label: "Other", message: "We can't refund this result." },
] as const;

export type DenyReason = (typeof denyReasons)[number]["value"];

export const denyReasonValues = denyReasons.map((reason) => reason.value) as [DenyReason, ...DenyReason[]];

/** Agent decisions keep a code space of their own, beside the policy's. */
export function agentDenialCode(reason: DenyReason): string {
  return `review.${reason}`;
}

export const agentApprovalCode = "review.approved";
