import "server-only";
import { asc, desc, eq, ilike, or, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { customers, features, generations, refundRequests, type Customer } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { customerBalance } from "@/lib/ledger/accounts";
import { escapeLike } from "@/lib/sql/escape-like";

export const searchLimit = 50;
const listed = 50;

export type CustomerRow = Pick<Customer, "id" | "email" | "name" | "signedUpAt" | "suspendedAt">;

const rowColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  signedUpAt: customers.signedUpAt,
  suspendedAt: customers.suspendedAt,
};

/**
 * Customers whose email contains the text, ignoring case, or whose id is exactly it. Emails that
 * start with the text come first, since that is what someone typing an address is after.
 */
export async function searchCustomers(text: string): Promise<CustomerRow[]> {
  const query = text.trim();
  if (!query) {
    return db
      .select(rowColumns)
      .from(customers)
      .orderBy(desc(customers.signedUpAt), asc(customers.id))
      .limit(searchLimit);
  }
  const pattern = escapeLike(query);
  return db
    .select(rowColumns)
    .from(customers)
    .where(or(eq(customers.id, query), ilike(customers.email, `%${pattern}%`)))
    .orderBy(
      sql`${customers.id} = ${query} desc`,
      sql`${customers.email} ilike ${`${pattern}%`} desc`,
      asc(customers.email),
      asc(customers.id),
    )
    .limit(searchLimit);
}

async function customerById(id: string): Promise<CustomerRow> {
  const [customer] = await db.select(rowColumns).from(customers).where(eq(customers.id, id)).limit(1);
  if (!customer) throw notFound("customer", id);
  return customer;
}

/** What an admin sees of one customer, beside the credit history, which pages on its own. */
export async function customerOverview(id: string) {
  const customer = await customerById(id);
  const [balance, latestGenerations, requests] = await Promise.all([
    customerBalance(db, id),
    db
      .select({
        id: generations.id,
        featureName: features.name,
        platform: generations.platform,
        status: generations.status,
        cost: generations.cost,
        createdAt: generations.createdAt,
        refundStatus: refundRequests.status,
      })
      .from(generations)
      .innerJoin(features, eq(features.key, generations.featureKey))
      .leftJoin(refundRequests, eq(refundRequests.generationId, generations.id))
      .where(eq(generations.customerId, id))
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(listed),
    db
      .select({
        id: refundRequests.id,
        generationId: refundRequests.generationId,
        featureName: features.name,
        status: refundRequests.status,
        decisionCode: refundRequests.decisionCode,
        creditsRefunded: refundRequests.creditsRefunded,
        createdAt: refundRequests.createdAt,
      })
      .from(refundRequests)
      .innerJoin(features, eq(features.key, refundRequests.featureKey))
      .where(eq(refundRequests.customerId, id))
      .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
      .limit(listed),
  ]);
  return { customer, balance, generations: latestGenerations, refundRequests: requests };
}

export type CustomerOverview = Awaited<ReturnType<typeof customerOverview>>;
