import "server-only";
import type { Platform, PurchaseRefundReason, RefundReason, RefundRequestKind } from "@/db/enums";
import { features, products, purchases, refundRequests } from "@/db/schema";
import { money } from "@/lib/format/money.shared";
import { platformLabels } from "@/lib/generations/labels.shared";
import { purchaseReasonLabel } from "@/lib/purchases/refund-reasons.shared";
import { reasonLabel } from "@/lib/refunds/reasons.shared";

/**
 * What a request of either kind is about, in a line: the columns to select, with features, purchases
 * and products left-joined on the request, and the words made of them.
 */
export const subjectColumns = {
  kind: refundRequests.kind,
  featureName: features.name,
  platform: refundRequests.platform,
  reason: refundRequests.reason,
  purchaseReason: refundRequests.purchaseReason,
  productName: products.name,
  amount: purchases.amount,
  currency: purchases.currency,
};

type SubjectRow = {
  kind: RefundRequestKind;
  featureName: string | null;
  platform: Platform | null;
  reason: RefundReason | null;
  purchaseReason: PurchaseRefundReason | null;
  productName: string | null;
  amount: number | null;
  currency: string | null;
};

/** A table check fills exactly the columns of the request's kind, and the joins follow them. */
export function described(row: SubjectRow): { subject: string; reasonLabel: string } {
  const { featureName, platform, reason, purchaseReason, productName, amount, currency } = row;
  if (row.kind === "purchase" && purchaseReason && productName && amount !== null && currency) {
    return { subject: `${productName} · ${money(amount, currency)}`, reasonLabel: purchaseReasonLabel(purchaseReason) };
  }
  if (row.kind === "generation" && featureName && platform && reason) {
    return { subject: `${featureName} · ${platformLabels[platform]}`, reasonLabel: reasonLabel(reason) };
  }
  throw new Error(`A ${row.kind} refund request lacks the columns of its kind.`);
}
