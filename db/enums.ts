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
