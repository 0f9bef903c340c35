import "server-only";
import type { Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
};

/** Called inside the transaction that makes the change, so the record and the change land together. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditEvents).values({ ...entry, before: entry.before ?? null, after: entry.after ?? null });
}
