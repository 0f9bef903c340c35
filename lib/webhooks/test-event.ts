import "server-only";
import { db } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { oneRow } from "@/lib/sql/one-row";
import { attemptDelivery, type AttemptResult } from "./deliver";
import { webhookEndpointById } from "./endpoints";
import { writeTestEvent } from "./emit";

export const testEventType = "webhook.test";

/**
 * Sends a signed `webhook.test` event to one endpoint while the admin waits (15 seconds at most), once
 * and without retries, even when the endpoint is disabled: the way to check it before turning it on.
 */
export async function sendTestWebhook(endpointId: string, actorId: string | null): Promise<AttemptResult> {
  const deliveryId = await db.transaction(async (tx) => {
    const endpoint = await webhookEndpointById(endpointId, tx);
    const { eventId, deliveryIds } = await writeTestEvent(
      tx,
      testEventType,
      { endpoint: { id: endpoint.id, url: endpoint.url }, message: "A test event from Makegood." },
      endpoint.id,
    );
    await recordAudit(tx, {
      actorId,
      action: "webhook_endpoint.test_sent",
      targetType: "webhook_endpoint",
      targetId: endpoint.id,
      after: { eventId },
    });
    return oneRow(deliveryIds, "test delivery");
  });
  const result = await attemptDelivery(deliveryId, "test");
  if (!result) throw new Error(`test delivery ${deliveryId} was not attempted`);
  return result;
}

/** What the admin is told about a test event: that it arrived, or what went wrong, in words. */
export function testOutcomeSentence(result: AttemptResult): string {
  if (result.delivered) return result.outcome;
  const began = result.responseBody ? `\nIts answer began:\n${result.responseBody}` : "";
  return `Not delivered. ${result.outcome}${began}`;
}
