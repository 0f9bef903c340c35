import type { Page } from "@playwright/test";
import { signInAs } from "./fixtures";
import { test as customerTest, expect } from "./helpers/fresh-customer";
import { hoursAgo } from "./helpers/host-api";

const test = customerTest.extend<{ admin: Page }>({
  // The demo admin, in a browser context beside the customer's.
  admin: async ({ newPage }, provide) => {
    const page = await newPage();
    await signInAs(page, "admin");
    await provide(page);
    await page.context().close();
  },
});

const outcomeLabels: Record<string, string> = { approved: "Approved", denied: "Denied", in_review: "In review" };

// Testing a draft saves nothing, so this spec runs beside the others: it reads the policy in force from
// the page rather than assuming the defaults, and looks only at its own customer's request.
test("an admin tests a 1-hour window on past requests, sees what would change, and nothing is saved", async ({
  admin,
  customer,
  host,
}) => {
  await admin.goto("/admin/policy");
  const window = admin.getByLabel("Refund window (hours)");
  const shownVersion = admin.getByTestId("policy-version");
  const version = await shownVersion.textContent();
  const windowHours = Number(await window.inputValue());
  expect(windowHours).toBeGreaterThan(2);

  const request = await host.reportedGeneration(customer.id, {
    suffix: "two-hours-old",
    feature: "virtual_model",
    platform: "web",
    cost: 3,
    createdAt: hoursAgo(2),
    reason: "artifacts",
    details: "The background bleeds into the product's edges.",
  });
  // Within the window in force, so the policy did not refuse it for its age.
  expect(request.status).not.toBe("denied");

  await window.fill("1");
  await admin.getByLabel("Requests to test on").selectOption("30");
  await admin.getByRole("button", { name: "Test on past requests" }).click();

  const results = admin.getByRole("region", { name: "Test on past requests" });
  await expect(results.getByTestId("simulation-changed")).toHaveText(/^[\d,]+ decisions?$/);
  const changed = Number((await results.getByTestId("simulation-changed").textContent())!.replace(/\D/g, ""));
  expect(changed).toBeGreaterThanOrEqual(1);

  const row = results.getByRole("table", { name: "Changed requests" }).locator(`tr[data-request-id="${request.id}"]`);
  await expect(row).toContainText(`${outcomeLabels[request.status]} → Denied`);
  await expect(row).toContainText("Within the window");
  await expect(row).toContainText(customer.email);
  const link = row.getByRole("link", { name: request.id.slice(0, 8) });
  await expect(link).toHaveAttribute("href", `/support/requests/${request.id}`);

  // The draft stays in the form, unsaved: the version in force and its window are as they were.
  await expect(window).toHaveValue("1");
  await expect(shownVersion).toHaveText(version!);
  await admin.reload();
  await expect(admin.getByTestId("policy-version")).toHaveText(version!);
  await expect(admin.getByLabel("Refund window (hours)")).toHaveValue(String(windowHours));

  await admin.goto(`/support/requests/${request.id}`);
  await expect(admin).toHaveURL(new RegExp(`/support/requests/${request.id}$`));
});
