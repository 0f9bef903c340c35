import type { Platform, RefundReason, RefundRequestKind } from "@/db/enums";
import type { QueuePage } from "@/lib/support/queue";

/** The queue's filters as the URL carries them, on /support and on its polling route alike. */
export type QueueFilterParams = {
  kind?: RefundRequestKind;
  feature?: string;
  platform?: Platform;
  reason?: RefundReason;
  breached?: "1";
};

export const supportQueuesKey = ["support-queue"] as const;

export const supportQueueKey = (filters: QueueFilterParams) => [...supportQueuesKey, filters] as const;

export function filterSearch(filters: QueueFilterParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

export async function fetchQueue(filters: QueueFilterParams, cursor: string | undefined): Promise<QueuePage> {
  const params = filterSearch(filters);
  if (cursor) params.set("cursor", cursor);
  const response = await fetch(`/api/support/queue?${params}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The queue answered ${response.status}.`);
  return (await response.json()) as QueuePage;
}

let lastQueueUrl = "/support";

/** Where "back to the queue" goes: the list as the agent last filtered it. */
export function rememberQueueUrl(url: string) {
  lastQueueUrl = url;
}

export function queueUrl(): string {
  return lastQueueUrl;
}
