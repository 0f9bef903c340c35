import { expect, type Page } from "@playwright/test";

/** What the header shows, as numbers. */
export async function balance(page: Page) {
  return {
    available: Number(await page.getByTestId("balance-available").textContent()),
    held: Number(await page.getByTestId("balance-held").textContent()),
  };
}

/** Starts a generation from the form and returns its tile and its cost as the form showed it. */
export async function generate(page: Page, feature: string, sample: string) {
  await page.getByLabel("Feature").selectOption({ value: feature });
  await page.getByLabel(sample).check();
  const costLine = await page.getByText(/^Costs \d+ credits?$/).textContent();
  const cost = Number(costLine!.match(/\d+/)![0]);
  const tiles = page.getByTestId("generation");
  const before = await tiles.count();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(tiles).toHaveCount(before + 1);
  const id = await tiles.first().getAttribute("data-generation-id");
  return { tile: page.locator(`[data-generation-id="${id}"]`), cost, id: id! };
}

export async function markPage(page: Page) {
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
}

export async function expectNoReload(page: Page) {
  expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);
}
