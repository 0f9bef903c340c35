import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import postgres from "postgres";
import { test as base, demoPassword, expect, signInDirectly } from "../fixtures";
import { hostApi, hoursAgo, type HostApi } from "./host-api";

export type FreshCustomer = { id: string; email: string; name: string };

export const freshCustomerCredits = 500;

/**
 * Each test gets a customer of its own, signed in: the refund policy counts a customer's requests,
 * so tests sharing one would decide each other's outcomes. The account is made old enough that the
 * new-account rule does not send everything to review, unless a spec asks for a younger one.
 */
type TestFixtures = { host: HostApi; customer: FreshCustomer; signedUpHoursAgo: number };
type WorkerFixtures = { sql: postgres.Sql; passwordHash: string };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sql: [
    async ({}, provide) => {
      const url = process.env.DATABASE_URL;
      if (!url) throw new Error("DATABASE_URL is missing: run the specs with `npm run test:e2e`");
      const sql = postgres(url, { max: 2, onnotice: () => {} });
      await provide(sql);
      await sql.end({ timeout: 5 });
    },
    { scope: "worker" },
  ],
  passwordHash: [async ({}, provide) => provide(await bcrypt.hash(demoPassword, 10)), { scope: "worker" }],
  host: async ({ request, baseURL }, provide) => {
    if (!baseURL) throw new Error("baseURL is missing: playwright.config.ts sets it");
    await provide(hostApi(request, baseURL));
  },
  signedUpHoursAgo: [60 * 24, { option: true }],
  customer: [
    async ({ host, sql, passwordHash, page, signedUpHoursAgo }, provide) => {
      const id = `e2e-${randomUUID()}`;
      const customer = { id, email: `${id}@example.com`, name: "Fresh Customer" };
      await host.put(`/customers/${id}`, {
        email: customer.email,
        name: customer.name,
        createdAt: hoursAgo(signedUpHoursAgo),
      });
      await host.post(`/customers/${id}/grants`, {
        key: `${id}-welcome`,
        amount: freshCustomerCredits,
        reason: "Welcome credits",
      });
      await sql`
        INSERT INTO users (name, email, password_hash, role, customer_id)
        VALUES (${customer.name}, ${customer.email}, ${passwordHash}, 'customer', ${id})`;
      await signInDirectly(page, customer.email);
      await page.goto("/");
      await expect(page.getByTestId("signed-in-as")).toContainText(customer.name);
      await provide(customer);
    },
    // Every test of a spec that uses this `test` starts signed in as its own customer.
    { auto: true },
  ],
});

export { expect };
