import "server-only";
import type { Executor } from "@/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";

/**
 * Queues a delivery's next attempt on the caller's transaction. The job key keeps one queued job per
 * delivery, so the queue never hands two workers the same delivery's attempt.
 */
export function enqueueDelivery(tx: Executor, deliveryId: string, runAt?: Date): Promise<void> {
  return enqueueJob(tx, "webhook.deliver", { deliveryId }, { runAt, jobKey: `webhook.deliver:${deliveryId}` });
}
