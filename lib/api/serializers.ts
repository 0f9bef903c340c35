import "server-only";
import type { Customer, Generation, RefundRequest } from "@/db/schema";
import type { GenerationResult } from "@/lib/generations/lifecycle";

/** The API's shapes are a public contract: column names may change, these may not. */

export function serializeCustomer(customer: Customer) {
  return { id: customer.id, email: customer.email, name: customer.name, createdAt: customer.signedUpAt.toISOString() };
}

export function serializeGeneration(generation: Generation) {
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

export function serializeGenerationResult({ generation, balance }: GenerationResult) {
  return { generation: serializeGeneration(generation), balance };
}

export function serializeRefundRequest(request: RefundRequest) {
  return {
    id: request.id,
    generationId: request.generationId,
    customerId: request.customerId,
    reason: request.reason,
    details: request.details,
    status: request.status,
    decision:
      request.status === "in_review"
        ? null
        : { code: request.decisionCode, message: request.decisionMessage, decidedBy: request.decidedBy },
    creditsRefunded: request.creditsRefunded,
    policyVersion: request.policyVersion,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}
