import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { homePath } from "@/lib/auth/roles.shared";
import { expect, signInDirectly } from "../fixtures";

/**
 * A staff member of their own for one test, so that the requests they open (and so claim) are no
 * other test's business. Their page comes from the `newPage` fixture, in a context of its own: axe
 * refuses pages that browser.newPage() made.
 */
export async function signInFreshStaff(
  newPage: () => Promise<Page>,
  sql: postgres.Sql,
  passwordHash: string,
  role: "agent" | "admin",
) {
  const email = `e2e-${role}-${randomUUID()}@example.com`;
  await sql`INSERT INTO users (name, email, password_hash, role) VALUES (${`Fresh ${role}`}, ${email}, ${passwordHash}, ${role})`;
  const page = await newPage();
  await signInDirectly(page, email);
  await page.goto(homePath(role));
  await expect(page).toHaveURL(homePath(role));
  return page;
}
