import "server-only";
import { z } from "zod";
import { contexts, platforms, refundReasonValues } from "@/db/enums";
import { maxDetailsLength } from "@/lib/refunds/reasons.shared";
import { credits, email, hostId, object, oneOf, optional, pastTime, pixels, text, url } from "./fields";

/** Unknown fields are ignored rather than refused: the contract grows by adding fields. */

export const customerParams = object({ customerId: hostId });
export const generationParams = object({ id: hostId });

export const customerBody = object({
  email,
  name: optional(text(200)),
  createdAt: optional(pastTime),
});

export const grantBody = object({
  key: hostId,
  amount: credits,
  reason: text(500),
});

export const startGenerationBody = object({
  id: hostId,
  customerId: hostId,
  feature: text(64),
  platform: oneOf(platforms),
  context: oneOf(contexts),
  cost: credits,
  createdAt: optional(pastTime),
  inputUrl: optional(url),
  prompt: optional(text(10_000)),
  modelVersion: optional(text(128)),
  expectedWidth: optional(pixels),
  expectedHeight: optional(pixels),
}).refine((body) => (body.expectedWidth === undefined) === (body.expectedHeight === undefined), {
  path: ["expectedHeight"],
  error: "expectedWidth and expectedHeight go together: send both or neither",
});

export const succeedBody = object({ outputUrl: url });

export const failBody = object({
  errorCode: text(100),
  message: optional(text(2000)),
});

export const apiKeyName = text(100);
export const apiKeyId = z.uuid({ error: "must be an API key id (a UUID, as `list` shows)" });

export const refundRequestBody = object({
  generationId: hostId,
  customerId: hostId,
  reason: oneOf(refundReasonValues),
  details: text(maxDetailsLength),
});

export const refundRequestParams = object({ id: text(128) });

/**
 * A batch is validated as a list only; each event is then validated by the schemas of its single call
 * (`generationEventType`, then startGenerationBody, or generationParams with succeedBody or failBody),
 * so that one malformed event is that event's 422 result and not the whole batch's.
 */
export const maxBatchEvents = 1000;
const batchRule = `must be a list of 1 to ${maxBatchEvents} events`;
export const generationBatchBody = object({
  events: z
    .array(z.unknown(), { error: (issue) => (issue.input === undefined ? "is required" : batchRule) })
    .min(1, { error: batchRule })
    .max(maxBatchEvents, { error: batchRule }),
});

export const generationEventTypes = ["start", "succeed", "fail"] as const;
export const generationEventType = object({ type: oneOf(generationEventTypes) });
