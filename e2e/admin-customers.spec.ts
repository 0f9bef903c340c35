import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { signInAs } from "./fixtures";
import { expect, freshCustomerCredits, test, type FreshCustomer } from "./helpers/fresh-customer";

// Each test acts on a customer of its own (helpers/fresh-customer.ts), signed in on `page`; the admin
// works in a browser context beside it.

async function signInAdmin(newPage: () => Promise<Page>) {
  const admin = await newPage();
  await signInAs(admin, "admin");
  return admin;
}

/** Finds the customer the way an admin would: by part of the email, then the result. */
async function openCustomer(admin: Page, customer: FreshCustomer) {
  await admin.goto("/admin/customers");
  // Part of the email from its middle, in capitals: the search is by contained text, ignoring case.
  await admin.getByLabel("Email or customer id").fill(customer.id.slice(4, 20).toUpperCase());
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("link", { name: new RegExp(customer.email) }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(customer.email);
}

test("an admin suspends a customer, and their next refund request is denied with account.suspended", async ({
  newPage,
  customer,
  host,
  page,
}) => {
  const admin = await signInAdmin(newPage);
  await openCustomer(admin, customer);

  await admin.getByLabel("Why suspend?").fill("Chargeback after the outputs were delivered");
  await admin.getByRole("button", { name: "Suspend" }).click();

  await expect(admin.getByText("Suspended: their refund requests will be refused.")).toBeVisible();
  await expect(admin.getByTestId("suspended-badge")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Reinstate" })).toBeVisible();

  const generationId = `${customer.id}-after-suspension`;
  const sofa = new URL("/api/samples/sofa", page.url()).href;
  await host.post("/generations", {
    id: generationId,
    customerId: customer.id,
    feature: "virtual_model",
    platform: "web",
    context: "editor",
    cost: 4,
    inputUrl: sofa,
  });
  await host.post(`/generations/${generationId}/succeed`, { outputUrl: sofa });
  const { request } = (await host.post("/refund-requests", {
    generationId,
    customerId: customer.id,
    reason: "distorted",
    details: "The sofa legs are bent and melt into the rug.",
  })) as { request: { status: string; decision: { code: string } } };

  expect(request.status).toBe("denied");
  expect(request.decision.code).toBe("account.suspended");
  await admin.reload();
  await expect(admin.getByTestId("admin-refund-request")).toHaveCount(1);
  await expect(admin.getByTestId("decision-code")).toHaveText("account.suspended");
  await admin.context().close();
});

test("an adjustment of −N with a reason shows in both credit histories and in the audit log", async ({
  newPage,
  customer,
  page,
  sql,
}) => {
  const removed = 37;
  const left = freshCustomerCredits - removed;
  const reason = `Duplicate welcome grant ${randomUUID().slice(0, 8)}`;
  const admin = await signInAdmin(newPage);
  await openCustomer(admin, customer);
  await expect(admin.getByTestId("admin-balance-available")).toHaveText(String(freshCustomerCredits));

  await admin.getByLabel("Remove credits").check();
  await admin.getByLabel("Credits", { exact: true }).fill(String(freshCustomerCredits + 1));
  await admin.getByLabel("Reason", { exact: true }).fill(reason);
  await admin.getByRole("button", { name: "Adjust credits" }).click();
  await expect(admin.getByText(`Only ${freshCustomerCredits} credits are available`)).toBeVisible();
  await expect(admin.getByTestId("admin-balance-available")).toHaveText(String(freshCustomerCredits));

  await admin.getByLabel("Remove credits").check();
  await admin.getByLabel("Credits", { exact: true }).fill(String(removed));
  await admin.getByLabel("Reason", { exact: true }).fill(reason);
  await admin.getByRole("button", { name: "Adjust credits" }).click();

  await expect(admin.getByText(`Removed ${removed} credits: ${left} credits available now.`)).toBeVisible();
  await expect(admin.getByTestId("admin-balance-available")).toHaveText(String(left));
  const adminEntry = admin.getByTestId("history-entry").first();
  await expect(adminEntry.getByTestId("history-text")).toHaveText(`Adjusted by an admin: ${reason}`);
  await expect(adminEntry).toContainText(`−${removed}`);
  await expect(adminEntry.getByTestId("history-available-after")).toHaveText(String(left));

  await page.goto("/credits");
  const ownEntry = page.getByTestId("history-entry").first();
  await expect(ownEntry.getByTestId("history-text")).toHaveText(`Adjusted by an admin: ${reason}`);
  await expect(ownEntry).toContainText(`−${removed}`);
  await expect(page.getByTestId("balance-available")).toHaveText(String(left));

  await admin.goto(`/admin/audit?action=customer.credits_adjusted&targetId=${encodeURIComponent(customer.id)}`);
  const event = admin.getByTestId("audit-event");
  await expect(event).toHaveCount(1);
  await expect(event).toContainText("customer.credits_adjusted");
  await expect(event).toContainText("Ada Admin");
  await expect(event).toContainText(reason);

  const adjustments = await sql`
    SELECT t.amount, t.memo FROM transfers t JOIN ledger_accounts a ON a.id = t.customer_account_id
    WHERE a.customer_id = ${customer.id} AND t.kind = 'adjustment'`;
  expect(adjustments).toEqual([{ amount: String(removed), memo: reason }]);
  await admin.context().close();
});
