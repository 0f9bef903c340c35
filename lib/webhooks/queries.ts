import "server-only";
import { asc, desc, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEvents, type WebhookAttempt } from "@/db/schema";

/** Enough to see what an endpoint has been sent lately; older history stays in the tables. */
const shownDeliveries = 50;

export type DeliveryHistory = Awaited<ReturnType<typeof recentDeliveries>>[number];

/** An endpoint's latest deliveries, newest first, each with its event and every attempt in order. */
export async function recentDeliveries(endpointId: string, executor: Executor = db) {
  const deliveries = await executor
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastResponseStatus: webhookDeliveries.lastResponseStatus,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      eventId: webhookEvents.id,
      eventType: webhookEvents.type,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(shownDeliveries);
  const attempts =
    deliveries.length === 0
      ? []
      : await executor
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              deliveries.map((delivery) => delivery.id),
            ),
          )
          .orderBy(asc(webhookAttempts.number));
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const attempt of attempts)
    byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
  return deliveries.map((delivery) => ({ ...delivery, attemptList: byDelivery.get(delivery.id) ?? [] }));
}
