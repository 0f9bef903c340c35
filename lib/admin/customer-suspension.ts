import "server-only";
import { eq } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { customers } from "@/db/schema";
import { serializeCustomer } from "@/lib/api/serializers";
import { recordAudit } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import { DomainError, notFound } from "@/lib/errors";
import { oneRow } from "@/lib/sql/one-row";
import { emitWebhookEvent } from "@/lib/webhooks/emit";

export type Standing = "suspended" | "reinstated";

/**
 * Suspends or reinstates a customer, with the admin's reason in the audit event. The row lock makes
 * two admins acting at once see each other's change: the second is told, and writes nothing.
 */
export async function changeStanding(admin: CurrentUser, customerId: string, standing: Standing, reason: string) {
  return db.transaction((tx) => changeStandingIn(tx, admin, customerId, standing, reason));
}

/** The same change inside the caller's transaction, for a change that is part of a larger one (a dispute found fraudulent). */
export async function changeStandingIn(
  tx: Executor,
  admin: CurrentUser,
  customerId: string,
  standing: Standing,
  reason: string,
) {
  const [customer] = await tx
    .select({ suspendedAt: customers.suspendedAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for("update");
  if (!customer) throw notFound("customer", customerId);
  const suspend = standing === "suspended";
  if (suspend && customer.suspendedAt) {
    throw new DomainError("customer.already_suspended", "This customer is already suspended.");
  }
  if (!suspend && !customer.suspendedAt) {
    throw new DomainError("customer.not_suspended", "This customer is not suspended.");
  }
  const suspendedAt = suspend ? new Date() : null;
  const changed = oneRow(
    await tx.update(customers).set({ suspendedAt }).where(eq(customers.id, customerId)).returning(),
    "customer",
  );
  await emitWebhookEvent(tx, `customer.${standing}`, { customer: serializeCustomer(changed) });
  await recordAudit(tx, {
    actorId: admin.id,
    action: `customer.${standing}`,
    targetType: "customer",
    targetId: customerId,
    before: { suspendedAt: customer.suspendedAt },
    after: { suspendedAt, reason },
  });
  return { suspendedAt };
}
