import "server-only";
import { randomUUID } from "node:crypto";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { WebhookEventType } from "@/db/enums";
import type {
  serializeCustomer,
  serializeDisputeAnswer,
  serializeGenerationResult,
  serializePurchase,
  serializeRefundRequest,
} from "@/lib/api/serializers";
import { jobRequestsInsert } from "@/lib/jobs/enqueue";
import { renderedOnce, type ValueOf } from "@/lib/sql/rendered-once";

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

/** An event as a statement writes it: its id, its type and its payload's text, read `from` what the statement wrote before. */
export type EventSource = { id: SQLWrapper; type: SQLWrapper; payload: SQLWrapper; from?: SQLWrapper };

/**
 * The WITH queries that write an event (`event`) and a delivery to each endpoint that gets it
 * (`deliveries`): every enabled endpoint subscribed to its type or, with `endpointId`, that endpoint
 * alone (a test event, which the caller delivers itself). Otherwise `queued` asks for the job that
 * delivers each one.
 */
export function eventWrites(event: EventSource, endpointId?: SQLWrapper): SQL {
  const onlyEndpoint = endpointId ?? sql`null`;
  return sql`
    event as (
      insert into webhook_events (id, type, payload)
      select ${event.id}, ${event.type}, ${event.payload}${event.from ? sql` from ${event.from}` : sql``}
      returning id, type
    ), deliveries as (
      insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at)
      select event.id, endpoint.id, now() from event, webhook_endpoints endpoint
      where endpoint.deleted_at is null and case
        when ${onlyEndpoint}::uuid is null then endpoint.enabled and event.type = any(endpoint.event_types)
        else endpoint.id = ${onlyEndpoint}::uuid end
      returning id
    )${
      endpointId
        ? sql``
        : sql`, queued as (${jobRequestsInsert(
            "webhook.deliver",
            {
              payload: sql`json_build_object('deliveryId', deliveries.id)`,
              jobKey: sql`'webhook.deliver:' || deliveries.id`,
            },
            sql`from deliveries`,
          )})`
    }`;
}

type EventValues = { eventId: string; type: string; payload: string };

function eventOf(value: ValueOf<EventValues>): EventSource {
  return { id: value("eventId"), type: value("type"), payload: sql`${value("payload")}::json` };
}

/** Returns the deliveries, and adds no job: the caller attempts the one delivery itself. */
const testEventWrites = renderedOnce<{ id: string }, EventValues & { endpointId: string }>(
  (value) => sql`with ${eventWrites(eventOf(value), value("endpointId"))} select id from deliveries`,
);

const queuedEventWrites = renderedOnce<{ queued: number }, EventValues>(
  (value) => sql`with ${eventWrites(eventOf(value))} select count(*)::int as queued from queued`,
);

/** An event's text as it is sent: `{ type, timestamp, data }`. */
function payloadOf(type: string, data: unknown): string {
  return JSON.stringify({ type, timestamp: new Date().toISOString(), data });
}

/**
 * Writes an event for one endpoint, even a disabled one, with its delivery and no job for it: the way to
 * check an endpoint while the admin waits.
 */
export async function writeTestEvent(tx: Executor, type: string, data: unknown, endpointId: string) {
  const eventId = newWebhookEventId();
  const deliveries = await testEventWrites(tx, { eventId, type, payload: payloadOf(type, data), endpointId });
  return { eventId, deliveryIds: deliveries.map((delivery) => delivery.id) };
}

/**
 * Reports a change to the hosts that subscribed to it, on the change's own transaction, in one
 * statement: the event, a delivery per enabled endpoint subscribed to its type, and a job per delivery
 * all commit with the change, or vanish with its rollback. Returns the event's id.
 */
export async function emitWebhookEvent<Type extends WebhookEventType>(
  tx: Executor,
  type: Type,
  data: WebhookEventData[Type],
): Promise<string> {
  const eventId = newWebhookEventId();
  await queuedEventWrites(tx, { eventId, type, payload: payloadOf(type, data) });
  return eventId;
}
