import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, notFound } from "@/lib/errors";
import { enqueueDelivery } from "./queue";

/** Ids are uuids: anything else names nothing, and is not worth a query that Postgres would refuse. */
const uuid = z.uuid();

/**
 * Sends a delivered or failed event to its endpoint again, at once and then on the whole retry
 * schedule. A delivery still on its schedule already has its next attempt queued, so it is refused.
 */
export async function resendWebhookDelivery(deliveryId: string, actorId: string | null, executor: Executor = db) {
  return executor.transaction(async (tx) => {
    const [target] = uuid.safeParse(deliveryId).success
      ? await tx
          .select({ endpointId: webhookDeliveries.endpointId })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.id, deliveryId))
      : [];
    if (!target) throw notFound("webhook_delivery", deliveryId);
    // The endpoint before the delivery, the order every endpoint change locks them in.
    const [endpoint] = await tx
      .select({ enabled: webhookEndpoints.enabled, deletedAt: webhookEndpoints.deletedAt })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, target.endpointId))
      .for("update");
    const [delivery] = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId))
      .for("update");
    if (!endpoint || endpoint.deletedAt || !delivery) throw notFound("webhook_delivery", deliveryId);
    if (!endpoint.enabled) {
      throw new DomainError("webhook_endpoint.disabled", "This endpoint is disabled: enable it before resending.");
    }
    if (delivery.status === "pending") {
      throw new DomainError(
        "webhook_delivery.pending",
        "This delivery is still being tried: its next attempt is already queued.",
      );
    }
    const now = new Date();
    await tx
      .update(webhookDeliveries)
      .set({ status: "pending", scheduleStep: 0, nextAttemptAt: now, deliveredAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    await enqueueDelivery(tx, deliveryId);
    await recordAudit(tx, {
      actorId,
      action: "webhook_delivery.resent",
      targetType: "webhook_delivery",
      targetId: deliveryId,
      before: { status: delivery.status },
      after: { status: "pending" },
    });
  });
}
