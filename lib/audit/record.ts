import "server-only";
import type { Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { insertedOnce } from "@/lib/sql/table-rows";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
};

const insertAudit = insertedOnce(auditEvents, ["actorId", "action", "targetType", "targetId", "before", "after"]);

/** Called inside the transaction that makes the change, so the record and the change land together. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await insertAudit(executor, { ...entry, before: entry.before ?? null, after: entry.after ?? null });
}
