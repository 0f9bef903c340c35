import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { registerCustomer } from "@/lib/customers/customers";
import type { Role } from "@/lib/auth/roles";
import { connect, type Database } from "./client";
import { customers, users } from "./schema";

export const demoPassword = "makegood-demo";

export const demoUsers: { email: string; name: string; role: Role; customerId?: string }[] = [
  { email: "customer@example.com", name: "Casey Customer", role: "customer", customerId: "demo-customer" },
  { email: "agent@example.com", name: "Avery Agent", role: "agent" },
  { email: "admin@example.com", name: "Ada Admin", role: "admin" },
];

async function seedUsers(db: Database) {
  const passwordHash = await hashPassword(demoPassword);
  for (const user of demoUsers) {
    if (user.customerId) {
      const [existing] = await db.select().from(customers).where(eq(customers.id, user.customerId));
      if (!existing) await registerCustomer(user.customerId, { email: user.email, name: user.name }, db);
    }
    await db
      .insert(users)
      .values({ ...user, customerId: user.customerId ?? null, passwordHash })
      .onConflictDoNothing({ target: users.email });
  }
}

/** Creates the demo data. Safe to run again: what exists is left as it is. */
export async function seedDatabase(url: string): Promise<void> {
  const { sql, db } = connect(url, 2);
  try {
    await seedUsers(db);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
