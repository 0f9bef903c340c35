import { signInAs } from "./fixtures";
import { expect, freshCustomerCredits, test } from "./helpers/fresh-customer";

// The customer (helpers/fresh-customer.ts) is signed in on `page`; the host reports their purchase and
// its dispute through the API, and the admin resolves it in a browser context beside them.

type Bought = { purchase: { id: string; credits: number } };
type Disputed = { dispute: { heldCredits: number }; customer: { status: string } };

test("an admin finds a dispute fraudulent from its evidence: the account is suspended and its credits forfeited", async ({
  newPage,
  customer,
  host,
  page,
}) => {
  const { purchase } = (await host.post("/purchases", {
    id: `${customer.id}-pack`,
    customerId: customer.id,
    product: "credits_100",
    amount: 999,
    currency: "USD",
  })) as Bought;
  const delivered = await host.finishedGeneration(customer.id, { suffix: "after-purchase", cost: 4 });
  const available = freshCustomerCredits + purchase.credits - delivered.cost;

  const opened = (await host.put(`/disputes/dp-${customer.id}`, {
    purchaseId: purchase.id,
    status: "open",
    reason: "fraudulent",
  })) as Disputed;
  expect(opened.customer.status).toBe("frozen");
  expect(opened.dispute.heldCredits).toBe(purchase.credits);

  await page.reload();
  await expect(page.getByTestId("balance-available")).toHaveText(String(available - purchase.credits));
  await expect(page.getByTestId("balance-held")).toHaveText(String(purchase.credits));

  const admin = await newPage();
  await signInAs(admin, "admin");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Disputes" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Disputes" })).toBeVisible();
  const row = admin.getByTestId("open-dispute").filter({ hasText: customer.email });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("held-credits")).toHaveText(`${purchase.credits} credits held`);
  await row.getByRole("link").first().click();

  await expect(admin.getByTestId("dispute-status")).toHaveText("Open");
  await expect(admin.getByTestId("frozen-badge")).toBeVisible();
  await expect(admin.getByTestId("dispute-held")).toHaveText(`${purchase.credits} credits`);
  await expect(admin.getByText("$9.99", { exact: true })).toBeVisible();
  const tiles = admin.getByTestId("delivered-generation");
  await expect(tiles).toHaveCount(1);
  await expect(tiles.getByRole("img")).toBeVisible();
  await expect(tiles.getByTestId("download-state")).toHaveText("Not downloaded");
  await expect(admin.getByText("They have asked for no refund.")).toBeVisible();
  await expect(admin.getByTestId("admin-balance-available")).toHaveText(String(available - purchase.credits));

  await admin.getByRole("button", { name: "Fraudulent" }).click();
  await expect(admin.getByText("Write a note saying why.")).toBeVisible();
  await admin.getByLabel("Note").fill("Charged back after the outputs were delivered and used");
  await admin.getByRole("button", { name: "Fraudulent" }).click();

  const forfeited = available - purchase.credits;
  await expect(
    admin.getByText(`Found fraudulent: the account is suspended and ${forfeited} credits forfeited.`),
  ).toBeVisible();
  await expect(admin.getByTestId("suspended-badge")).toBeVisible();
  await expect(admin.getByTestId("dispute-finding")).toContainText("Found fraudulent");
  await expect(admin.getByTestId("dispute-finding")).toContainText("Charged back after the outputs were delivered");
  await expect(admin.getByTestId("admin-balance-available")).toHaveText("0");
  await expect(admin.getByTestId("admin-balance-held")).toHaveText(String(purchase.credits));
  await expect(admin.getByRole("button", { name: "Fraudulent" })).toHaveCount(0);

  await admin.goto(`/admin/customers/${encodeURIComponent(customer.id)}`);
  await expect(admin.getByTestId("suspended-badge")).toBeVisible();
  await expect(admin.getByText(`Forfeited: dispute dp-${customer.id} found fraudulent`)).toBeVisible();
  await expect(admin.getByTestId("admin-balance-available")).toHaveText("0");

  await page.reload();
  await expect(page.getByTestId("balance-available")).toHaveText("0");
  await expect(page.getByTestId("balance-held")).toHaveText(String(purchase.credits));
  await admin.context().close();
});
