import "server-only";
import { z } from "zod";
import {
  contexts,
  generationStatuses,
  platforms,
  refundDeciders,
  refundReasonValues,
  refundStatuses,
} from "@/db/enums";
import type { Customer, Generation, RefundRequest } from "@/db/schema";
import type { GenerationResult } from "@/lib/generations/lifecycle";

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

export const customerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    createdAt: time.meta({ description: "when the customer signed up with the host" }),
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

export const refundRequestSchema = z
  .object({
    id: z.uuid(),
    generationId: z.string(),
    customerId: z.string(),
    reason: z.enum(refundReasonValues),
    details: z.string(),
    status: z.enum(refundStatuses),
    decision: z
      .object({ code: z.string(), message: z.string(), decidedBy: z.enum(refundDeciders) })
      .nullable()
      .meta({ description: "null while the request is in review" }),
    creditsRefunded: z.int().min(0),
    policyVersion: z.int(),
    createdAt: time,
    decidedAt: time.nullable(),
  })
  .meta({ id: "RefundRequest" });

export const customerWithBalanceSchema = z.object({ customer: customerSchema, balance: balanceSchema });

/** The error envelope's inner object; a batch result carries the same under `error`. */
export const errorObjectSchema = z
  .object({
    code: z.string().meta({ description: "area.reason, stable for good" }),
    message: z.string().meta({ description: "a sentence for a person" }),
    field: z.string().optional().meta({ description: "the input that broke a rule" }),
    requestId: z.string().optional().meta({
      description: "refund.duplicate: the existing request's id; internal.error: this request's id, for the logs",
    }),
  })
  .meta({ id: "Error" });

/** One event's result in a batch: the status and the body its single call would have answered. */
export const batchResultSchema = z.union([
  generationResultSchema.extend({ status: z.union([z.literal(200), z.literal(201)]) }),
  z.object({ status: z.int().min(400).max(499), error: errorObjectSchema }),
]);

export function serializeCustomer(customer: Customer): z.input<typeof customerSchema> {
  return { id: customer.id, email: customer.email, name: customer.name, createdAt: customer.signedUpAt.toISOString() };
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

export function serializeRefundRequest(request: RefundRequest): z.input<typeof refundRequestSchema> {
  return {
    id: request.id,
    generationId: request.generationId,
    customerId: request.customerId,
    reason: request.reason,
    details: request.details,
    status: request.status,
    // A table check sets the decider and the code exactly when the request leaves review.
    decision:
      request.decidedBy === null || request.decisionCode === null
        ? null
        : { code: request.decisionCode, message: request.decisionMessage, decidedBy: request.decidedBy },
    creditsRefunded: request.creditsRefunded,
    policyVersion: request.policyVersion,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}
