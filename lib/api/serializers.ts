import "server-only";
import { z } from "zod";
import {
  contexts,
  disputeFindings,
  disputeStatuses,
  generationStatuses,
  paymentProviders,
  platforms,
  productKinds,
  purchaseRefundReasons,
  purchaseStatuses,
  refundDeciders,
  refundReasonValues,
  refundStatuses,
} from "@/db/enums";
import type { Customer, Dispute, Generation, Product, Purchase, RefundRequest } from "@/db/schema";
import type { GenerationResult } from "@/lib/generations/lifecycle";
import { verdicts, type Verdict } from "@/lib/refunds/policy";
import { byKind, type PurchaseRefundRequest } from "@/lib/refunds/request-kinds";

/**
 * The API's shapes are a public contract: column names may change, these may not. Each shape is a
 * schema that the OpenAPI document is generated from, and each serializer is typed by its schema, so
 * the document cannot drift from what the API sends.
 */

const time = z.iso.datetime().meta({ description: "ISO 8601, in UTC" });

export const balanceSchema = z
  .object({
    available: z.int().min(0).meta({ description: "posted - held, never below 0" }),
    held: z.int().min(0).meta({ description: "credits held by running generations" }),
    posted: z.int().meta({ description: "the sum of posted transfers" }),
  })
  .meta({ id: "Balance" });

const customerStatuses = ["active", "frozen", "suspended"] as const;

export const customerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    createdAt: time.meta({ description: "when the customer signed up with the host" }),
    status: z.enum(customerStatuses).meta({
      description: "frozen while a dispute of theirs is open and not found legitimate; suspended by an admin",
    }),
  })
  .meta({ id: "Customer" });

export const generationSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    feature: z.string(),
    platform: z.enum(platforms),
    context: z.enum(contexts),
    cost: z.int(),
    status: z.enum(generationStatuses),
    createdAt: time,
    finishedAt: time.nullable(),
    inputUrl: z.string().nullable(),
    outputUrl: z.string().nullable(),
    prompt: z.string().nullable(),
    modelVersion: z.string().nullable(),
    expectedWidth: z.int().nullable(),
    expectedHeight: z.int().nullable(),
    errorCode: z.string().nullable(),
  })
  .meta({ id: "Generation" });

export const generationResultSchema = z.object({ generation: generationSchema, balance: balanceSchema });

const decisionSchema = z
  .object({ code: z.string(), message: z.string(), decidedBy: z.enum(refundDeciders) })
  .nullable()
  .meta({ description: "null while the request is in review" });

export const generationRefundRequestSchema = z
  .object({
    id: z.uuid(),
    generationId: z.string(),
    customerId: z.string(),
    reason: z.enum(refundReasonValues),
    details: z.string(),
    status: z.enum(refundStatuses),
    decision: decisionSchema,
    creditsRefunded: z.int().min(0),
    policyVersion: z.int(),
    createdAt: time,
    decidedAt: time.nullable(),
  })
  .meta({ id: "GenerationRefundRequest", description: 'A "Bad result" report on a generation' });

export const purchaseRefundRequestSchema = z
  .object({
    id: z.uuid(),
    kind: z.literal("purchase"),
    purchaseId: z.string(),
    customerId: z.string(),
    reason: z.enum(purchaseRefundReasons),
    details: z.string(),
    status: z.enum(refundStatuses),
    decision: decisionSchema,
    trace: z
      .array(z.object({ rule: z.string(), verdict: z.enum(verdicts), detail: z.string() }))
      .meta({ description: "every rule of the policy version, in order; the first that is not pass or off decided" }),
    creditsReversed: z.int().min(0).meta({ description: "credits taken back from the balance; 0 unless approved" }),
    moneyRefunded: z
      .int()
      .min(0)
      .meta({ description: "money returned, in the purchase's currency's minor units; 0 unless approved" }),
    policyVersion: z.int(),
    createdAt: time,
    decidedAt: time.nullable(),
  })
  .meta({ id: "PurchaseRefundRequest", description: "A request for a purchase's money back" });

/** A purchase request says its kind; a "Bad result" report is as it always was, with a generationId. */
export const refundRequestSchema = z
  .union([generationRefundRequestSchema, purchaseRefundRequestSchema])
  .meta({ id: "RefundRequest" });

export const customerWithBalanceSchema = z.object({ customer: customerSchema, balance: balanceSchema });

const minorUnits = z.int().min(1).meta({ description: "in the currency's minor units (cents)" });
const currency = z.string().meta({ description: "ISO 4217, in capitals" });

export const productSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    kind: z.enum(productKinds),
    amount: minorUnits.meta({ description: "the price, in the currency's minor units (cents)" }),
    currency,
    credits: z.int().min(1).meta({ description: "the credits a purchase of it grants" }),
    active: z.boolean().meta({ description: "on sale; a purchase of an inactive product is still accepted" }),
  })
  .meta({ id: "Product" });

export const purchaseSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    product: z.string().meta({ description: "the product's key" }),
    kind: z.enum(productKinds),
    amount: minorUnits.meta({ description: "what was charged, in the currency's minor units (cents)" }),
    currency,
    credits: z.int().min(1).meta({ description: "the credits it granted, as the product had them then" }),
    provider: z.enum(paymentProviders).meta({ description: "host when the host's own billing reported it" }),
    paymentRef: z.string().nullable(),
    purchasedAt: time,
    renewal: z.boolean(),
    cancelRequestedAt: time.nullable(),
    status: z.enum(purchaseStatuses),
    possibleDuplicate: z.boolean().meta({
      description: "the same customer bought the same product for the same amount within the window before it",
    }),
    duplicateOf: z.string().nullable().meta({ description: "the earlier purchase it may repeat" }),
    moneyRefunded: z.int().min(0).meta({ description: "in the currency's minor units" }),
    creditsReversed: z.int().min(0),
    createdAt: time,
  })
  .meta({ id: "Purchase" });

export const purchaseResultSchema = z.object({ purchase: purchaseSchema, balance: balanceSchema });

/** The error envelope's inner object; a batch result carries the same under `error`. */
export const errorObjectSchema = z
  .object({
    code: z.string().meta({ description: "area.reason, stable for good" }),
    message: z.string().meta({ description: "a sentence for a person" }),
    field: z.string().optional().meta({ description: "the input that broke a rule" }),
    requestId: z.string().optional().meta({
      description:
        "refund.duplicate: the existing request's id; internal.error and service.unavailable: this request's id, for the logs",
    }),
  })
  .meta({ id: "Error" });

/** One event's result in a batch: the status and the body its single call would have answered. */
export const batchResultSchema = z.union([
  generationResultSchema.extend({ status: z.union([z.literal(200), z.literal(201)]) }),
  z.object({ status: z.int().min(400).max(499), error: errorObjectSchema }),
]);

export function serializeCustomer(customer: Customer): z.input<typeof customerSchema> {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    createdAt: customer.signedUpAt.toISOString(),
    status: customer.suspendedAt ? "suspended" : customer.frozenAt ? "frozen" : "active",
  };
}

export function serializeGeneration(generation: Generation): z.input<typeof generationSchema> {
  return {
    id: generation.id,
    customerId: generation.customerId,
    feature: generation.featureKey,
    platform: generation.platform,
    context: generation.context,
    cost: generation.cost,
    status: generation.status,
    createdAt: generation.createdAt.toISOString(),
    finishedAt: generation.finishedAt?.toISOString() ?? null,
    inputUrl: generation.inputUrl,
    outputUrl: generation.outputUrl,
    prompt: generation.prompt,
    modelVersion: generation.modelVersion,
    expectedWidth: generation.expectedWidth,
    expectedHeight: generation.expectedHeight,
    errorCode: generation.errorCode,
  };
}

export function serializeGenerationResult({
  generation,
  balance,
}: GenerationResult): z.input<typeof generationResultSchema> {
  return { generation: serializeGeneration(generation), balance };
}

function serializeDecision(request: RefundRequest): z.input<typeof decisionSchema> {
  // A table check sets the decider and the code exactly when the request leaves review.
  return request.decidedBy === null || request.decisionCode === null
    ? null
    : { code: request.decisionCode, message: request.decisionMessage, decidedBy: request.decidedBy };
}

export function serializePurchaseRefundRequest(
  request: PurchaseRefundRequest,
): z.input<typeof purchaseRefundRequestSchema> {
  return {
    id: request.id,
    kind: "purchase",
    purchaseId: request.purchaseId,
    customerId: request.customerId,
    reason: request.purchaseReason,
    details: request.details,
    status: request.status,
    decision: serializeDecision(request),
    trace: request.trace as { rule: string; verdict: Verdict; detail: string }[],
    creditsReversed: request.creditsReversed ?? 0,
    moneyRefunded: request.moneyRefunded ?? 0,
    policyVersion: request.policyVersion,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}

/** Either kind, in its own shape. */
export function serializeRefundRequest(row: RefundRequest): z.input<typeof refundRequestSchema> {
  const request = byKind(row);
  if (request.kind === "purchase") return serializePurchaseRefundRequest(request);
  return {
    id: request.id,
    generationId: request.generationId,
    customerId: request.customerId,
    reason: request.reason,
    details: request.details,
    status: request.status,
    decision: serializeDecision(request),
    creditsRefunded: request.creditsRefunded,
    policyVersion: request.policyVersion,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}

export const disputeSchema = z
  .object({
    id: z.string(),
    purchaseId: z.string(),
    customerId: z.string(),
    status: z.enum(disputeStatuses),
    reason: z.string().nullable(),
    heldCredits: z.int().min(0).meta({
      description:
        "the purchase's unspent credits held when the dispute opened: won releases them, lost takes them back",
    }),
    finding: z
      .enum(disputeFindings)
      .nullable()
      .meta({ description: "an admin's finding while it was open; null until one is made" }),
    openedAt: time,
    closedAt: time.nullable().meta({ description: "null while open" }),
  })
  .meta({ id: "Dispute" });

export const disputeAnswerSchema = z.object({ dispute: disputeSchema, customer: customerSchema });

export function serializeDispute(dispute: Dispute): z.input<typeof disputeSchema> {
  return {
    id: dispute.id,
    purchaseId: dispute.purchaseId,
    customerId: dispute.customerId,
    status: dispute.status,
    reason: dispute.reason,
    heldCredits: dispute.heldCredits,
    finding: dispute.finding,
    openedAt: dispute.openedAt.toISOString(),
    closedAt: dispute.closedAt?.toISOString() ?? null,
  };
}

export function serializeDisputeAnswer(answer: {
  dispute: Dispute;
  customer: Customer;
}): z.input<typeof disputeAnswerSchema> {
  return { dispute: serializeDispute(answer.dispute), customer: serializeCustomer(answer.customer) };
}

export function serializeProduct(product: Product): z.input<typeof productSchema> {
  return {
    key: product.key,
    name: product.name,
    kind: product.kind,
    amount: product.amount,
    currency: product.currency,
    credits: product.credits,
    active: product.active,
  };
}

export function serializePurchase(purchase: Purchase): z.input<typeof purchaseSchema> {
  return {
    id: purchase.id,
    customerId: purchase.customerId,
    product: purchase.productKey,
    kind: purchase.kind,
    amount: purchase.amount,
    currency: purchase.currency,
    credits: purchase.credits,
    provider: purchase.provider,
    paymentRef: purchase.paymentRef,
    purchasedAt: purchase.purchasedAt.toISOString(),
    renewal: purchase.renewal,
    cancelRequestedAt: purchase.cancelRequestedAt?.toISOString() ?? null,
    status: purchase.status,
    possibleDuplicate: purchase.duplicateOf !== null,
    duplicateOf: purchase.duplicateOf,
    moneyRefunded: purchase.moneyRefunded,
    creditsReversed: purchase.creditsReversed,
    createdAt: purchase.createdAt.toISOString(),
  };
}
