import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { signInDirectly } from "../fixtures";
import { expect, test as customerTest, type FreshCustomer } from "./fresh-customer";
import type { HostApi, Hosted } from "./host-api";

/**
 * An agent of their own for each test, in a browser context beside the customer's: review mode hands
 * an agent back the claims they still hold, so agents shared between tests would pick up each other's.
 */
export async function signInFreshAgent(
  newPage: () => Promise<Page>,
  sql: postgres.Sql,
  passwordHash: string,
  name: string,
) {
  const email = `e2e-agent-${randomUUID()}@example.com`;
  await sql`INSERT INTO users (name, email, password_hash, role) VALUES (${name}, ${email}, ${passwordHash}, 'agent')`;
  const page = await newPage();
  await signInDirectly(page, email);
  await page.goto("/support");
  await expect(page).toHaveURL("/support");
  return page;
}

export const test = customerTest.extend<{ agent: Page }>({
  // Young accounts' reports wait for an agent, which is what these tests need.
  signedUpHoursAgo: 1,
  agent: async ({ newPage, sql, passwordHash }, provide) => {
    const page = await signInFreshAgent(newPage, sql, passwordHash, "Riley Reviewer");
    await provide(page);
    await page.context().close();
  },
});

export { expect };

export type Reported = { requestId: string; cost: number };

/** A finished web generation that the host reports as bad for the customer; it must land in review. */
export async function reportForReview(
  host: HostApi,
  customer: FreshCustomer,
  hosted: Hosted & { cost: number },
): Promise<Reported> {
  const request = await host.reportedGeneration(customer.id, {
    prompt: "Put the sofa in a bright living room",
    ...hosted,
  });
  expect(request.status).toBe("in_review");
  return { requestId: request.id, cost: hosted.cost };
}

/**
 * Other specs and the demo seed leave requests in review too. Moving these just before the oldest
 * of them, in the order given, makes them what review mode hands out first.
 */
export async function makeOldest(sql: postgres.Sql, requestIds: string[]) {
  await sql`
    WITH oldest AS (SELECT min(created_at) AS at FROM refund_requests WHERE status = 'in_review')
    UPDATE refund_requests
    SET created_at = oldest.at - make_interval(secs => ${requestIds.length} - array_position(${sql.array(requestIds)}::uuid[], id) + 1)
    FROM oldest
    WHERE id = ANY(${sql.array(requestIds)}::uuid[])`;
}
