import type { Page } from "@playwright/test";
import { expect, test } from "./helpers/fresh-customer";
import { balance } from "./helpers/gallery";
import type { HostApi } from "./helpers/host-api";

// Every test has a customer of its own (see helpers/fresh-customer.ts), whose purchases a host's
// billing reports through the API, as POST /purchases in ../shared/API.md.

type Reported = { id: string; credits: number };

/** A purchase of the 100-credit pack for $9.99, reported by the host's billing `minutesAgo` ago. */
async function reportPurchase(host: HostApi, customerId: string, suffix: string, minutesAgo = 5): Promise<Reported> {
  const { purchase } = (await host.post("/purchases", {
    id: `${customerId}-${suffix}`,
    customerId,
    product: "credits_100",
    amount: 999,
    currency: "USD",
    purchasedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  })) as { purchase: Reported };
  return purchase;
}

async function openPurchases(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Purchases" }).click();
  await expect(page).toHaveURL("/purchases");
  await expect(page.getByRole("heading", { level: 1, name: "Purchases" })).toBeVisible();
  // The host reported the purchases behind the browser's back: the header shows them from the next load.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Purchases" })).toBeVisible();
}

const row = (page: Page, purchaseId: string) =>
  page.locator(`[data-testid="purchase"][data-purchase-id="${purchaseId}"]`);

async function askForRefund(page: Page, purchaseId: string, reason: string, details: string) {
  await row(page, purchaseId).getByRole("button", { name: "Request a refund" }).click();
  const dialog = page.getByRole("dialog", { name: "Request a refund" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Why do you want a refund?").selectOption({ label: reason });
  await dialog.getByLabel("Details").fill(details);
  await dialog.getByRole("button", { name: "Request the refund" }).click();
  return dialog;
}

test("an untouched purchase is refunded at once: the outcome is shown and the balance drops by exactly its credits", async ({
  page,
  host,
  customer,
}) => {
  const purchase = await reportPurchase(host, customer.id, "pack");
  await openPurchases(page);
  const before = (await balance(page)).available;
  await expect(row(page, purchase.id).getByTestId("purchase-status")).toHaveText("Paid");

  const dialog = await askForRefund(page, purchase.id, "I bought it by mistake", "I meant to buy the bigger pack.");

  await expect(dialog.getByRole("status")).toHaveText(
    `Refunded: We're refunding $9.99 to your payment method and took back ${purchase.credits} credits.`,
  );
  await expect(page.getByTestId("balance-available")).toHaveText(String(before - purchase.credits));
  await dialog.getByTestId("refund-outcome").getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  const refunded = row(page, purchase.id);
  await expect(refunded.getByTestId("purchase-status")).toHaveText("Refunded");
  await expect(refunded.getByTestId("purchase-refunded")).toContainText(
    `Refunded $9.99; ${purchase.credits} credits taken back`,
  );
  await expect(refunded.getByRole("button", { name: "Request a refund" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("balance-available")).toHaveText(String(before - purchase.credits));
});

test("a purchase whose credits were used goes to review, and the balance stays put", async ({
  page,
  host,
  customer,
}) => {
  const purchase = await reportPurchase(host, customer.id, "used");
  await host.finishedGeneration(customer.id, { suffix: "after-purchase", cost: 4 });
  await openPurchases(page);
  const before = (await balance(page)).available;

  const dialog = await askForRefund(
    page,
    purchase.id,
    "It wasn't what I expected",
    "The results were not what I hoped.",
  );

  await expect(dialog.getByRole("status")).toHaveText(/^In review: We'll review your request within \d+ hours?\.$/);
  await dialog.getByTestId("refund-outcome").getByRole("button", { name: "Close" }).click();
  await expect(row(page, purchase.id).getByTestId("purchase-refund-request")).toContainText("Refund in review");
  await expect(row(page, purchase.id).getByTestId("purchase-status")).toHaveText("Paid");
  await expect(page.getByTestId("balance-available")).toHaveText(String(before));
});

test("charged twice: the banner refunds the second charge in full with one click", async ({ page, host, customer }) => {
  const first = await reportPurchase(host, customer.id, "first", 30);
  const second = await reportPurchase(host, customer.id, "second", 10);
  await openPurchases(page);
  const before = (await balance(page)).available;
  await expect(row(page, first.id).getByTestId("duplicate-charge")).toHaveCount(0);
  const banner = row(page, second.id).getByTestId("duplicate-charge");
  await expect(banner).toContainText("You were charged twice");

  await banner.getByRole("button", { name: "Refund $9.99" }).click();

  await expect(page.getByTestId("balance-available")).toHaveText(String(before - second.credits));
  const refunded = row(page, second.id);
  await expect(refunded.getByTestId("purchase-status")).toHaveText("Refunded");
  await expect(refunded.getByTestId("purchase-refunded")).toContainText(
    `Refunded $9.99; ${second.credits} credits taken back`,
  );
  await expect(refunded.getByTestId("duplicate-charge")).toHaveCount(0);
  await expect(row(page, first.id).getByTestId("purchase-status")).toHaveText("Paid");

  await page.reload();
  await expect(page.getByTestId("balance-available")).toHaveText(String(before - second.credits));
});
