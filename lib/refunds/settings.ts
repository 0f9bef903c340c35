import "server-only";
import { desc } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { refundPolicies } from "@/db/schema";

export type RefundPolicy = typeof refundPolicies.$inferSelect;

/** The version in force: the newest. A migration creates version 1 with the defaults. */
export async function currentPolicy(executor: Executor = db): Promise<RefundPolicy> {
  const [policy] = await executor.select().from(refundPolicies).orderBy(desc(refundPolicies.version)).limit(1);
  if (!policy) throw new Error("no refund policy exists; run the migrations");
  return policy;
}
