import "server-only";
import type { Executor } from "@/db/client";
import { notifications } from "@/db/schema";
import { insertedOnce } from "@/lib/sql/table-rows";

export type NewNotification = { customerId: string; title: string; body: string; refundRequestId?: string };

const insertNotification = insertedOnce(notifications, ["customerId", "refundRequestId", "title", "body"]);

/** Called inside the transaction that makes the decision, so the customer hears of every decision and of nothing else. */
export async function notifyCustomer(tx: Executor, notification: NewNotification): Promise<void> {
  await insertNotification(tx, { ...notification, refundRequestId: notification.refundRequestId ?? null });
}
