import { randomUUID } from "node:crypto";
import { expect, type Browser } from "@playwright/test";
import type postgres from "postgres";
import { homePath } from "@/lib/auth/roles.shared";
import { signIn } from "../fixtures";

/**
 * A staff member of their own for one test, so that the requests they open (and so claim) are no
 * other test's business. Their page lives in a context the test makes itself: axe refuses pages that
 * browser.newPage() made.
 */
export async function signInFreshStaff(
  browser: Browser,
  sql: postgres.Sql,
  passwordHash: string,
  role: "agent" | "admin",
) {
  const email = `e2e-${role}-${randomUUID()}@example.com`;
  await sql`INSERT INTO users (name, email, password_hash, role) VALUES (${`Fresh ${role}`}, ${email}, ${passwordHash}, ${role})`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(homePath(role), { timeout: 30_000 });
  return page;
}
