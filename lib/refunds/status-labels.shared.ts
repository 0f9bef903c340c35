import type { RefundStatus } from "@/db/enums";
import { credits } from "@/lib/format/credits.shared";

/** How a refund request's status reads to its customer, on the gallery tile, in its menu and on /refunds. */

export const refundStatusLabels: Record<RefundStatus, string> = {
  approved: "Refunded",
  in_review: "In review",
  denied: "Not refunded",
};

export function refundStatusLine(refund: { status: RefundStatus; creditsRefunded: number }): string {
  const label = refundStatusLabels[refund.status];
  return refund.status === "approved" ? `${label} · ${credits(refund.creditsRefunded)}` : label;
}
