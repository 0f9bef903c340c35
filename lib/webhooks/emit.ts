import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { WebhookEventType } from "@/db/enums";
import type {
  serializeCustomer,
  serializeDisputeAnswer,
  serializeGenerationResult,
  serializePurchase,
  serializeRefundRequest,
} from "@/lib/api/serializers";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { together } from "@/lib/sql/together";
import { enqueueDelivery } from "./queue";

type RequestData = { request: ReturnType<typeof serializeRefundRequest> };
type CustomerData = { customer: ReturnType<typeof serializeCustomer> };

/** What each event's `data` holds: the same shapes the host API answers with. */
export type WebhookEventData = {
  "generation.refunded": ReturnType<typeof serializeGenerationResult>;
  "refund_request.created": RequestData;
  "refund_request.decided": RequestData;
  "customer.suspended": CustomerData;
  "customer.reinstated": CustomerData;
  "purchase.created": Record<string, unknown>;
  "purchase.refunded": { purchase: ReturnType<typeof serializePurchase> };
  "dispute.updated": ReturnType<typeof serializeDisputeAnswer>;
  "customer.frozen": CustomerData;
};

/** An event's id is its `webhook-id`: Standard Webhooks' `msg_` prefix and a random part. */
export function newWebhookEventId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

type EventValues = { eventId: string; type: string; payload: string; endpointId: string | null };

const eventWithDeliveries = renderedOnce<{ id: string }, EventValues>(
  (value) => sql`
    with event as (
      insert into webhook_events (id, type, payload)
      values (${value("eventId")}, ${value("type")}, ${value("payload")}::json) returning id
    )
    insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at)
    select event.id, endpoint.id, now() from event, webhook_endpoints endpoint
    where endpoint.deleted_at is null and case
      when ${value("endpointId")}::uuid is null then endpoint.enabled and ${value("type")} = any(endpoint.event_types)
      else endpoint.id = ${value("endpointId")}::uuid end
    returning id`,
);

/**
 * Writes an event and its deliveries in one statement, `endpointId` limiting it to one endpoint (a
 * test event) where otherwise every enabled endpoint subscribed to the type gets it.
 */
export async function writeWebhookEvent(
  tx: Executor,
  type: string,
  data: unknown,
  endpointId: string | null = null,
): Promise<{ eventId: string; deliveryIds: string[] }> {
  const eventId = newWebhookEventId();
  const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  const deliveries = await eventWithDeliveries(tx, { eventId, type, payload, endpointId });
  return { eventId, deliveryIds: deliveries.map((delivery) => delivery.id) };
}

/**
 * Reports a change to the hosts that subscribed to it, on the change's own transaction: the event,
 * a delivery per enabled endpoint subscribed to its type, and a job per delivery all commit with the
 * change, or vanish with its rollback. Returns the event's id.
 */
export async function emitWebhookEvent<Type extends WebhookEventType>(
  tx: Executor,
  type: Type,
  data: WebhookEventData[Type],
): Promise<string> {
  const { eventId, deliveryIds } = await writeWebhookEvent(tx, type, data);
  await together(...deliveryIds.map((deliveryId) => enqueueDelivery(tx, deliveryId)));
  return eventId;
}
