import type { ProductKind, PurchaseStatus } from "@/db/enums";

export const productKindLabels: Record<ProductKind, string> = {
  credit_pack: "Credit pack",
  day_pass: "24-hour pass",
  subscription: "Subscription",
};

export const purchaseStatusLabels: Record<PurchaseStatus, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
};
