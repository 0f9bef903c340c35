import type { Page } from "@playwright/test";
import { expect, test } from "./helpers/fresh-customer";
import { balance } from "./helpers/gallery";

// Every test has a customer of its own (see helpers/fresh-customer.ts) and buys with the demo
// provider, the default when Stripe is not configured.

async function openPurchases(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Purchases" }).click();
  await expect(page).toHaveURL("/purchases");
  await expect(page.getByRole("heading", { level: 1, name: "Purchases" })).toBeVisible();
}

/** The credit pack's card and the credits it says the pack grants. */
async function creditPack(page: Page) {
  const card = page.locator('[data-testid="product-card"][data-product="credits_100"]');
  const name = (await card.getByRole("heading").textContent())!.trim();
  const credits = Number((await card.getByTestId("product-credits").textContent())!.match(/\d+/)![0]);
  return { card, name, credits };
}

test("buying a credit pack with the demo provider charges no card and adds exactly its credits", async ({ page }) => {
  await openPurchases(page);
  await expect(page.getByText("No purchases yet")).toBeVisible();
  const pack = await creditPack(page);
  const before = (await balance(page)).available;

  await pack.card.getByRole("button", { name: `Buy ${pack.name}` }).click();
  await expect(page).toHaveURL(/\/purchases\/checkout\/demo_cs_/);
  await expect(page.getByTestId("demo-notice")).toContainText("no card is charged");
  await expect(page.getByTestId("checkout-product")).toHaveText(pack.name);
  expect((await balance(page)).available).toBe(before);

  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/purchases\?purchase=pur_/);
  await expect(page.getByText(`Thank you: ${pack.credits} credits were added to your balance.`)).toBeVisible();
  const purchases = page.getByTestId("purchase");
  await expect(purchases).toHaveCount(1);
  await expect(purchases).toContainText(pack.name);
  await expect(purchases.getByTestId("purchase-status")).toHaveText("Paid");
  await expect(purchases.getByTestId("purchase-credits")).toHaveText(`${pack.credits} credits granted`);
  await expect(purchases.getByTestId("duplicate-charge")).toHaveCount(0);
  await expect(page.getByTestId("balance-available")).toHaveText(String(before + pack.credits));

  await page.reload();
  await expect(page.getByTestId("balance-available")).toHaveText(String(before + pack.credits));
  await expect(page.getByTestId("purchase")).toHaveCount(1);
});

test("cancelling the demo checkout buys nothing", async ({ page }) => {
  await openPurchases(page);
  const pack = await creditPack(page);
  const before = (await balance(page)).available;

  await pack.card.getByRole("button", { name: `Buy ${pack.name}` }).click();
  await expect(page.getByTestId("demo-notice")).toContainText("no card is charged");
  await page.getByRole("link", { name: "Cancel" }).click();

  await expect(page).toHaveURL("/purchases");
  await expect(page.getByText("No purchases yet")).toBeVisible();
  await expect(page.getByTestId("balance-available")).toHaveText(String(before));
});
