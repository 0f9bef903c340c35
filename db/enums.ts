/**
 * The values of every Postgres enum, as plain arrays that any code may load, the browser's included:
 * db/schema.ts makes the enums from them, and every union of these words is derived from here.
 */

export const roles = ["customer", "agent", "admin"] as const;
export type Role = (typeof roles)[number];

export const availabilities = ["on_duty", "away"] as const;
export type Availability = (typeof availabilities)[number];

export const featureKinds = ["image", "video"] as const;
export type FeatureKind = (typeof featureKinds)[number];

export const decisionModes = ["instant", "review"] as const;
export type DecisionMode = (typeof decisionModes)[number];

export const platforms = ["ios", "android", "web"] as const;
export type Platform = (typeof platforms)[number];

export const contexts = ["editor", "batch", "product_catalog"] as const;
export type Context = (typeof contexts)[number];

export const accountKinds = ["customer", "grants", "purchases", "consumed", "forfeited"] as const;
export type AccountKind = (typeof accountKinds)[number];

export const transferKinds = [
  "grant",
  "purchase",
  "hold",
  "capture",
  "release",
  "refund",
  "adjustment",
  "forfeit",
  "purchase_reversal",
] as const;
export type TransferKind = (typeof transferKinds)[number];

export const generationStatuses = ["running", "succeeded", "failed", "expired"] as const;
export type GenerationStatus = (typeof generationStatuses)[number];

export const qualityStatuses = ["pending", "checked", "unavailable", "not_applicable"] as const;
export type QualityStatus = (typeof qualityStatuses)[number];

export const refundReasonValues = [
  "artifacts",
  "distorted",
  "blurry",
  "misunderstood",
  "incomplete",
  "corrupted",
  "other",
] as const;
export type RefundReason = (typeof refundReasonValues)[number];

export const refundStatuses = ["in_review", "approved", "denied"] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export const refundDeciders = ["policy", "agent"] as const;
export type RefundDecider = (typeof refundDeciders)[number];

export const requestSources = ["web", "api"] as const;
export type RequestSource = (typeof requestSources)[number];

/** What a webhook can report, as the host API documents it; a host subscribes an endpoint to some of them. */
export const webhookEventTypes = [
  "generation.refunded",
  "refund_request.created",
  "refund_request.decided",
  "purchase.created",
  "purchase.refunded",
  "dispute.updated",
  "customer.frozen",
  "customer.suspended",
  "customer.reinstated",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

export const productKinds = ["credit_pack", "day_pass", "subscription"] as const;
export type ProductKind = (typeof productKinds)[number];

/** Who took the money: a payment provider of ours, or the host's own billing reporting through the API. */
export const paymentProviders = ["demo", "stripe", "host"] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

export const purchaseStatuses = ["paid", "partially_refunded", "refunded"] as const;
export type PurchaseStatus = (typeof purchaseStatuses)[number];

export const disputeStatuses = ["open", "won", "lost"] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

/** An admin's finding on an open dispute. */
export const disputeFindings = ["fraudulent", "legitimate"] as const;
export type DisputeFinding = (typeof disputeFindings)[number];

/** What a refund request is about: a generation's result ("Bad result") or a purchase's money. */
export const refundRequestKinds = ["generation", "purchase"] as const;
export type RefundRequestKind = (typeof refundRequestKinds)[number];

export const purchaseRefundReasons = [
  "duplicate",
  "accidental",
  "not_as_expected",
  "no_longer_needed",
  "other",
] as const;
export type PurchaseRefundReason = (typeof purchaseRefundReasons)[number];

export const providerRefundStatuses = ["pending", "succeeded", "failed"] as const;
export type ProviderRefundStatus = (typeof providerRefundStatuses)[number];

/** What the team did in answer to feedback, for insights' before-and-after. */
export const insightActionKinds = ["guide_updated", "prompt_tip", "roadmap_item", "model_change", "other"] as const;
export type InsightActionKind = (typeof insightActionKinds)[number];
