import "server-only";
import type { Executor } from "@/db/client";
import { notifications } from "@/db/schema";

export type NewNotification = { customerId: string; title: string; body: string; refundRequestId?: string };

/** Called inside the transaction that makes the decision, so the customer hears of every decision and of nothing else. */
export async function notifyCustomer(tx: Executor, notification: NewNotification): Promise<void> {
  await tx.insert(notifications).values(notification);
}
