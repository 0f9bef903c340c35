import "server-only";
import { z } from "zod";
import { webhookEventTypes } from "@/db/enums";
import type { WebhookEndpointView } from "@/lib/webhooks/endpoints";
import { object, oneOf, optional, text, url } from "./fields";

/** The host API's webhook endpoints: what a host sends, and the shape it gets back. */

const eventsRule = `must be a list of 1 to ${webhookEventTypes.length} event types`;

export const webhookEndpointBody = object({
  url,
  events: z
    .array(oneOf(webhookEventTypes), { error: (issue) => (issue.input === undefined ? "is required" : eventsRule) })
    .min(1, { error: eventsRule })
    .max(webhookEventTypes.length, { error: eventsRule }),
  description: optional(text(500)),
});

/** Any id that names no endpoint, well-formed or not, is the same 404. */
export const webhookEndpointParams = object({ id: text(128) });

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(webhookEventTypes)),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().meta({ description: "why deliveries stopped, while disabled" }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointCreatedSchema = z.object({
  endpoint: webhookEndpointSchema,
  secret: z.string().meta({ description: "whsec_ and base64: shown once, keep it to verify signatures" }),
});

export function serializeWebhookEndpoint(endpoint: WebhookEndpointView): z.input<typeof webhookEndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  };
}
