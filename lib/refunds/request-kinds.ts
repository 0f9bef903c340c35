import "server-only";
import { sql } from "drizzle-orm";
import type { Platform, PurchaseRefundReason, RefundReason } from "@/db/enums";
import { refundRequests, type RefundRequest } from "@/db/schema";

/**
 * A refund request is about a generation ("Bad result") or a purchase, and the table's checks fill
 * exactly that kind's columns. These types say so to the compiler.
 */

export type GenerationRefundRequest = RefundRequest & {
  kind: "generation";
  generationId: string;
  featureKey: string;
  platform: Platform;
  reason: RefundReason;
};

export type PurchaseRefundRequest = RefundRequest & {
  kind: "purchase";
  purchaseId: string;
  purchaseReason: PurchaseRefundReason;
};

export type KindedRefundRequest = GenerationRefundRequest | PurchaseRefundRequest;

export function byKind(request: RefundRequest): KindedRefundRequest {
  const { generationId, featureKey, platform, reason, purchaseId, purchaseReason } = request;
  if (request.kind === "generation" && generationId && featureKey && platform && reason) {
    return { ...request, kind: "generation", generationId, featureKey, platform, reason };
  }
  if (request.kind === "purchase" && purchaseId && purchaseReason) {
    return { ...request, kind: "purchase", purchaseId, purchaseReason };
  }
  throw new Error(`Refund request ${request.id} lacks the columns of its kind, ${request.kind}.`);
}

export function purchaseRequestOf(request: RefundRequest): PurchaseRefundRequest {
  const kinded = byKind(request);
  if (kinded.kind !== "purchase") throw new Error(`Refund request ${request.id} is not about a purchase.`);
  return kinded;
}

/** The "Bad result" reason, for a query limited to generation requests, where a table check makes it present. */
export const reportedReason = sql<RefundReason>`${refundRequests.reason}`;
