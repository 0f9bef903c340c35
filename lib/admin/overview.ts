import "server-only";
import { count, desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { auditEvents, customers, users } from "@/db/schema";

export async function adminOverview() {
  const [customerCount] = await db.select({ value: count() }).from(customers);
  const staff = await db.select({ role: users.role, value: count() }).from(users).groupBy(users.role);
  const recentAudit = await db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(10);
  const staffCount = (role: string) => staff.find((row) => row.role === role)?.value ?? 0;
  return {
    customers: customerCount?.value ?? 0,
    agents: staffCount("agent"),
    admins: staffCount("admin"),
    recentAudit,
  };
}
