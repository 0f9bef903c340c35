import { expect, signInAs, test } from "./fixtures";
import { balance, expectNoReload, generate, markPage } from "./helpers/gallery";

// Every test here changes the demo customer's balance. A file's tests run one after another in one
// worker, and no other spec makes generations for this customer, so the balance moves only by ours.

test("a customer makes a generation, watches it finish, and pays exactly its cost", async ({ page }) => {
  await signInAs(page, "customer");
  const before = await balance(page);
  await markPage(page);

  const { tile, cost } = await generate(page, "virtual_model", "Sofa");
  const status = tile.getByTestId("generation-status");
  await expect(status).toHaveText("Running");
  await expect(page.getByTestId("balance-available")).toHaveText(String(before.available - cost));
  await expect(page.getByTestId("balance-held")).toHaveText(String(before.held + cost));

  await expect(status).toHaveText("Succeeded", { timeout: 15_000 });
  await expect(tile).toContainText("Virtual Model");
  await expect(tile.getByRole("img")).toHaveJSProperty("naturalWidth", 512);
  await expect(page.getByTestId("balance-available")).toHaveText(String(before.available - cost));
  await expect(page.getByTestId("balance-held")).toHaveText(String(before.held));
  await expectNoReload(page);

  await page.getByRole("link", { name: "Credits" }).click();
  const spent = page.getByTestId("history-entry").nth(0);
  const held = page.getByTestId("history-entry").nth(1);
  await expect(spent.getByTestId("history-text")).toHaveText(`Spent ${cost} credits on Virtual Model`);
  await expect(spent.getByTestId("history-available-after")).toHaveText(String(before.available - cost));
  await expect(held.getByTestId("history-text")).toHaveText(`Held ${cost} credits for Virtual Model`);
  await expect(held.getByTestId("history-available-after")).toHaveText(String(before.available - cost));
});

test("a generation that fails is refunded automatically, and the balance is back where it was", async ({ page }) => {
  await signInAs(page, "customer");
  const before = await balance(page);
  await markPage(page);

  const { tile, cost } = await generate(page, "flat_lay", "Stress test: always fails (demo)");
  const status = tile.getByTestId("generation-status");
  await expect(status).toHaveText("Running");
  await expect(page.getByTestId("balance-available")).toHaveText(String(before.available - cost));

  await expect(status).toHaveText(`Failed — ${cost} credits refunded automatically`, { timeout: 15_000 });
  await expect(page.getByTestId("balance-available")).toHaveText(String(before.available));
  await expect(page.getByTestId("balance-held")).toHaveText(String(before.held));
  await expectNoReload(page);

  await page.getByRole("link", { name: "Credits" }).click();
  const refund = page.getByTestId("history-entry").first();
  await expect(refund.getByTestId("history-text")).toHaveText("Refunded automatically: generation failed");
  await expect(refund.getByTestId("history-available-after")).toHaveText(String(before.available));
});
