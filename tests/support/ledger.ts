import { connectApp, db, type Database } from "@/db/client";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { customerBalance } from "@/lib/ledger/accounts";
import { startGeneration, type StartGeneration } from "@/lib/generations/lifecycle";

/** A pool like the app's, as wide as the burst, so that concurrent calls really run on separate connections. */
export function widePool(connections: number) {
  return connectApp(connections);
}

export async function customerWith(id: string, credits: number, executor: Database = db) {
  await registerCustomer(id, { email: `${id}@example.com` }, executor);
  if (credits > 0) await grantCredits(id, { key: "opening", amount: credits, reason: "Opening balance" }, executor);
}

export function generationFor(customerId: string, id: string, cost = 5): StartGeneration {
  return { id, customerId, feature: "recolor", platform: "web", context: "editor", cost };
}

export async function startFor(customerId: string, id: string, cost = 5) {
  return startGeneration(generationFor(customerId, id, cost));
}

export const balanceOf = (customerId: string) => customerBalance(db, customerId);

export function settle<T>(promises: Promise<T>[]) {
  return Promise.allSettled(promises).then((results) => ({
    fulfilled: results
      .filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === "fulfilled")
      .map((r) => r.value),
    rejected: results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason),
  }));
}
