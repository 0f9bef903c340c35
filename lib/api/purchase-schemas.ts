import "server-only";
import { z } from "zod";
import { disputeStatuses, purchaseRefundReasons } from "@/db/enums";
import { maxDetailsLength } from "@/lib/refunds/reasons.shared";
import { hostId, object, oneOf, optional, pastTime, text } from "./fields";

/** The host API's purchases: what a host's own billing reports. Answers are in serializers.ts. */

/** Any id that names no purchase, well-formed or not, is the same 404. */
export const purchaseParams = object({ id: text(128) });

/** Stored as 32-bit integers; ten million in any currency is far beyond one purchase. */
const maxAmount = 1_000_000_000;
const amountRule = `must be a whole number of minor units (cents) between 1 and ${maxAmount}`;
const amount = z
  .int({ error: (issue) => (issue.input === undefined ? "is required" : amountRule) })
  .min(1, { error: amountRule })
  .max(maxAmount, { error: amountRule });

const currencyRule = "must be an ISO 4217 currency code in capitals, such as USD";
const currency = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : currencyRule) })
  .regex(/^[A-Z]{3}$/, { error: currencyRule });

const renewal = z.boolean({ error: "must be true or false" });

export const purchaseBody = object({
  id: hostId,
  customerId: hostId,
  product: text(64),
  amount,
  currency,
  purchasedAt: optional(pastTime),
  paymentRef: optional(text(255)),
  renewal: optional(renewal),
  cancelRequestedAt: optional(pastTime),
});

export const purchaseRefundRequestBody = object({
  customerId: hostId,
  reason: oneOf(purchaseRefundReasons),
  details: text(maxDetailsLength),
});

export const disputeParams = object({ disputeId: hostId });

export const disputeBody = object({
  purchaseId: text(128),
  status: oneOf(disputeStatuses),
  reason: optional(text(500)),
  openedAt: optional(pastTime),
});
