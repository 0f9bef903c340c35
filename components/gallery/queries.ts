import type { OwnGenerations } from "@/lib/generations/gallery";
import type { Balance } from "@/lib/ledger/accounts";
import type { Inbox } from "@/lib/notifications/inbox";

/** The browser's copies of the customer's own data, shared by the header and the gallery. */

export const ownGenerationsKey = ["me", "generations"] as const;
export const ownBalanceKey = ["me", "balance"] as const;
export const ownNotificationsKey = ["me", "notifications"] as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function fetchOwnGenerations(): Promise<OwnGenerations> {
  return getJson<OwnGenerations>("/api/me/generations");
}

export async function fetchOwnBalance(): Promise<Balance> {
  return (await getJson<{ balance: Balance }>("/api/me/balance")).balance;
}

export function fetchOwnNotifications(): Promise<Inbox> {
  return getJson<Inbox>("/api/me/notifications");
}
