import "server-only";
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db/client";
import { auditEvents, users, type AuditEventRow } from "@/db/schema";
import { escapeLike } from "@/lib/sql/escape-like";

/** Every action something in the app records; the filter offers these and nothing else. */
export const auditActions = [
  "api_key.created",
  "api_key.revoked",
  "customer.credits_adjusted",
  "customer.reinstated",
  "customer.suspended",
  "eligibility.changed",
  "insight_action.recorded",
  "policy.changed",
  "refund_request.decided",
  "refund_request.skipped",
  "refund_request.submitted",
  "staff.availability_changed",
  "staff.created",
  "staff.disabled",
  "staff.enabled",
  "staff.role_changed",
  "user.password_changed",
] as const;

export const auditPageSize = 50;

export type AuditFilters = { action?: string; actor?: string; targetId?: string; before?: string };

export type AuditEvent = Pick<
  AuditEventRow,
  "id" | "action" | "targetType" | "targetId" | "before" | "after" | "createdAt"
> & {
  actor: string;
  actorEmail: string | null;
};

/** Without a person, the host backend is the one that files through the API; anything else is the app itself. */
function actorLabel(name: string | null, email: string | null, after: unknown): string {
  if (email) return name ?? email;
  const source = (after as { source?: unknown } | null)?.source;
  return source === "api" ? "Host API" : "System";
}

/**
 * One page, newest first. `before` is the id of the last event already shown: comparing the row
 * (created_at, id) with that event's own keeps full timestamp precision and walks the index.
 */
export async function auditLog(filters: AuditFilters): Promise<{ events: AuditEvent[]; older: string | null }> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.targetId) conditions.push(eq(auditEvents.targetId, filters.targetId));
  if (filters.actor) {
    const pattern = `%${escapeLike(filters.actor)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern)));
  }
  if (filters.before) {
    conditions.push(
      sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (select created_at, id from audit_events where id = ${filters.before})`,
    );
  }
  const rows = await db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(auditPageSize + 1);
  const events = rows.slice(0, auditPageSize).map(({ actorName, actorEmail, ...event }) => ({
    ...event,
    actor: actorLabel(actorName, actorEmail, event.after),
    actorEmail,
  }));
  const last = events.at(-1);
  return { events, older: last && rows.length > auditPageSize ? last.id : null };
}
