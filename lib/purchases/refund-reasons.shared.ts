import type { PurchaseRefundReason } from "@/db/enums";

/** Why a customer wants a purchase's money back, as the refund dialog, the support console and the API name it. */
const labels: Record<PurchaseRefundReason, string> = {
  duplicate: "I was charged twice",
  accidental: "I bought it by mistake",
  not_as_expected: "It wasn't what I expected",
  no_longer_needed: "I no longer need it",
  other: "Other",
};

/** In the order the refund dialog offers them: the likeliest first, "Other" last. */
const offered: readonly PurchaseRefundReason[] = [
  "accidental",
  "not_as_expected",
  "no_longer_needed",
  "duplicate",
  "other",
];

export const purchaseRefundReasonOptions = offered.map((value) => ({ value, label: labels[value] }));

export function purchaseReasonLabel(reason: PurchaseRefundReason): string {
  return labels[reason];
}
