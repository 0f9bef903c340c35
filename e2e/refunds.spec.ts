import type { Locator, Page } from "@playwright/test";
import { expect, test, type FreshCustomer } from "./helpers/fresh-customer";
import { balance, expectNoReload, generate, markPage } from "./helpers/gallery";
import { hoursAgo, type HostApi, type Hosted } from "./helpers/host-api";

// Every test has a customer of its own (see helpers/fresh-customer.ts), so the tests may run in any
// order and in parallel: no test's requests count towards another's limits or change its balance.

const menu = (page: Page) => page.getByRole("menu");
const reportDialog = (page: Page) => page.getByRole("dialog", { name: "Report a bad result" });
const toast = (page: Page) => page.locator("[data-sonner-toast]");
const bell = (page: Page) => page.getByRole("button", { name: /^Notifications, \d+ unread$/ });

/** The part of a tile that holds its context menu (the ⋯ button sits beside it). */
const tileBody = (tile: Locator) => tile.getByRole("group");

async function available(page: Page) {
  return (await balance(page)).available;
}

/** A finished web generation made by the host backend, as if from another client, shown in the gallery. */
async function hostGeneration(page: Page, host: HostApi, customer: FreshCustomer, hosted: Hosted) {
  const { id, cost } = await host.finishedGeneration(customer.id, hosted);
  await page.goto("/");
  const tile = page.locator(`[data-generation-id="${id}"]`);
  await expect(tile.getByTestId("generation-status")).toHaveText("Succeeded");
  return { tile, cost };
}

async function finished(tile: Locator) {
  await expect(tile.getByTestId("generation-status")).toHaveText("Succeeded", { timeout: 15_000 });
}

async function fillReport(page: Page, reason: string, details: string) {
  const dialog = reportDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(reason).check();
  await dialog.getByLabel("Details").fill(details);
  return dialog;
}

async function expectRefunded(page: Page, tile: Locator, cost: number, before: number) {
  await expect(reportDialog(page)).toBeHidden();
  await expect(toast(page)).toHaveText(`${cost} credits refunded`);
  await expect(tile.getByTestId("generation-status")).toHaveText(`Refunded · ${cost} credits`);
  await expect(page.getByTestId("balance-available")).toHaveText(String(before + cost));
}

async function expectNotRefunded(page: Page, tile: Locator, before: number, reason: RegExp) {
  await expect(reportDialog(page)).toBeHidden();
  const shown = toast(page);
  await expect(shown.locator("[data-title]")).toHaveText("Not refunded");
  await expect(shown.locator("[data-description]")).toHaveText(reason);
  await expect(shown.locator("[data-description]")).toContainText("Thank you for your feedback.");
  // The status and the balance arrive in the same response, so the status proves the balance is fresh.
  await expect(tile.getByTestId("generation-status")).toHaveText("Not refunded");
  expect(await available(page)).toBe(before);
}

test("right-click → Bad result on a blank output refunds its cost at once", async ({ page }) => {
  const { tile, cost } = await generate(page, "virtual_model", "Stress test: comes back blank (demo)");
  await finished(tile);
  const before = await available(page);
  await markPage(page);

  await tileBody(tile).click({ button: "right" });
  await expect(menu(page).getByRole("menuitem")).toHaveText(["Open", "Download", "Bad result…"]);
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const dialog = await fillReport(
    page,
    "Incomplete output (for example missing layers)",
    "The result is an empty white square; the product is gone.",
  );
  await dialog.getByRole("button", { name: "Send report" }).click();

  await expectRefunded(page, tile, cost, before);
  await expectNoReload(page);

  await tileBody(tile).click({ button: "right" });
  await expect(menu(page).getByRole("menuitem", { name: `Refunded · ${cost} credits` })).toBeDisabled();
  await expect(menu(page).getByRole("menuitem", { name: "Bad result…" })).toHaveCount(0);
  await menu(page).getByRole("menuitem", { name: "See refund requests" }).click();

  await expect(page).toHaveURL("/refunds");
  const entry = page.getByTestId("refund-entry").first();
  await expect(entry).toContainText("Virtual Model");
  await expect(entry).toContainText("Reason: Incomplete output");
  await expect(entry.getByTestId("refund-status")).toHaveText("Refunded");
  await expect(entry.getByTestId("refund-credits")).toHaveText(`+${cost} credits`);
  await expect(entry.getByTestId("refund-message")).toContainText("blank");
  await expect(entry).toContainText("Decided");
});

test("an eligible ordinary result is refunded at once by the default policy, and a double-click sends one report", async ({
  page,
}) => {
  const { tile, cost } = await generate(page, "virtual_model", "Sofa");
  await finished(tile);
  const before = await available(page);

  await tileBody(tile).click({ button: "right" });
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const dialog = reportDialog(page);
  await dialog.getByRole("button", { name: "Send report" }).click();
  await expect(dialog.getByText("Choose what is wrong with the result.")).toBeVisible();

  await dialog.getByLabel("Distorted product or proportions").check();
  await expect(dialog.getByText(`"The sofa legs are distorted and don't match the original"`)).toBeVisible();
  await dialog.getByLabel("Details").fill("Legs bent");
  await expect(dialog.getByTestId("details-counter")).toHaveText("9 / 2000");
  await expect(dialog.getByText("6 more characters needed")).toBeVisible();
  await dialog.getByRole("button", { name: "Send report" }).click();
  await expect(dialog.getByText("Please write at least 15 characters")).toBeVisible();
  expect(await available(page)).toBe(before);

  await dialog.getByLabel("Details").fill("The sofa legs are bent and the cushions melt into the arms.");
  await expect(dialog.getByText("Please write at least 15 characters")).toBeHidden();
  await dialog.getByRole("button", { name: "Send report" }).dblclick();

  await expectRefunded(page, tile, cost, before);
  await page.getByRole("link", { name: "Refunds" }).click();
  await expect(page.locator('[data-testid="refund-entry"][data-kind="request"]')).toHaveCount(1);
  await expect(page.getByTestId("refund-entry").first().getByTestId("refund-message")).toHaveText(
    `We refunded ${cost} credits. Thank you for your feedback.`,
  );
});

test("AI Shadows on the web is not refunded, says why, and the balance stays put", async ({ page }) => {
  const { tile } = await generate(page, "ai_shadows", "Mug");
  await finished(tile);
  const before = await available(page);

  await tileBody(tile).click({ button: "right" });
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const dialog = await fillReport(page, "Visible artifacts", "The shadow is a grey smear across the whole mug.");
  await dialog.getByRole("button", { name: "Send report" }).click();

  await expectNotRefunded(page, tile, before, /AI Shadows results made on Web aren't covered by refunds/);
  await page.getByRole("link", { name: "Refunds" }).click();
  const entry = page.getByTestId("refund-entry").first();
  await expect(entry.getByTestId("refund-status")).toHaveText("Not refunded");
  await expect(entry.getByTestId("refund-credits")).toHaveText("No credits");
  await expect(entry.getByTestId("refund-message")).toContainText("aren't covered by refunds");
});

test("a result reported after the window is not refunded, and the window is named", async ({
  page,
  customer,
  host,
}) => {
  const { tile } = await hostGeneration(page, host, customer, { suffix: "late", createdAt: hoursAgo(4 * 24) });
  const before = await available(page);

  await tileBody(tile).click({ button: "right" });
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const dialog = await fillReport(page, "Blurry", "The whole sofa is out of focus and the seams vanish.");
  await dialog.getByRole("button", { name: "Send report" }).click();

  await expectNotRefunded(page, tile, before, /^Results can be reported up to 3 days after they are made/);
  await page.getByRole("link", { name: "Refunds" }).click();
  await expect(page.getByTestId("refund-entry").first().getByTestId("refund-message")).toContainText(
    "can be reported up to 3 days",
  );
});

test("a second report of the same result, from another tab, is refused in the dialog and changes nothing", async ({
  page,
  customer,
  host,
}) => {
  const { tile, cost } = await hostGeneration(page, host, customer, { suffix: "twice" });
  const other = await page.context().newPage();
  await other.goto("/");
  const otherTile = other.locator(`[data-generation-id="${customer.id}-twice"]`);
  await tileBody(otherTile).click({ button: "right" });
  await menu(other).getByRole("menuitem", { name: "Bad result…" }).click();
  const late = await fillReport(other, "Other", "The colours are washed out compared to the original.");

  const before = await available(page);
  await tileBody(tile).click({ button: "right" });
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const first = await fillReport(page, "Blurry", "The sofa cushions are a soft blur without any seams.");
  await first.getByRole("button", { name: "Send report" }).click();
  await expectRefunded(page, tile, cost, before);

  await late.getByRole("button", { name: "Send report" }).click();
  await expect(late.getByRole("alert")).toContainText("already");
  await expect(late).toBeVisible();
  await late.getByRole("button", { name: "Cancel" }).click();
  await expect(otherTile.getByTestId("generation-status")).toHaveText(`Refunded · ${cost} credits`);
  await expect(other.getByTestId("balance-available")).toHaveText(String(before + cost));

  await other.getByRole("link", { name: "Refunds" }).click();
  await expect(other.locator('[data-testid="refund-entry"][data-kind="request"]')).toHaveCount(1);
});

test("the whole flow works from the keyboard alone", async ({ page, customer, host }) => {
  const { tile, cost } = await hostGeneration(page, host, customer, { suffix: "keys", cost: 3 });
  const before = await available(page);

  const target = tileBody(tile);
  for (let presses = 0; !(await target.evaluate((element) => element === document.activeElement)); presses++) {
    expect(presses, "Tab should reach the tile").toBeLessThan(40);
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Shift+F10");
  await expect(menu(page)).toBeVisible();
  const badResult = menu(page).getByRole("menuitem", { name: "Bad result…" });
  for (let presses = 0; !(await badResult.evaluate((element) => element === document.activeElement)); presses++) {
    expect(presses, "the arrow keys should reach Bad result").toBeLessThan(5);
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");

  const dialog = reportDialog(page);
  await expect(dialog.getByLabel("Visible artifacts")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByLabel("Distorted product or proportions")).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Details")).toBeFocused();
  await page.keyboard.type("The armrests are twice as tall as in the original.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Send report" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expectRefunded(page, tile, cost, before);
  await expect(target).toBeFocused();
  await page.keyboard.press("ContextMenu");
  await expect(menu(page).getByRole("menuitem", { name: `Refunded · ${cost} credits` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu(page)).toBeHidden();
  await expect(target).toBeFocused();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a long press opens the menu and the whole flow works by touch", async ({ page }) => {
    const { tile, cost } = await generate(page, "flat_lay", "T-shirt");
    await finished(tile);
    const before = await available(page);

    const target = tileBody(tile);
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 3 };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
    await page.waitForTimeout(800);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });

    await expect(menu(page)).toBeVisible();
    await menu(page).getByRole("menuitem", { name: "Bad result…" }).tap();
    const dialog = reportDialog(page);
    await dialog.getByLabel("Misunderstood the request").tap();
    await dialog.getByLabel("Details").fill("I asked for a flat lay and got the shirt on a hanger.");
    await dialog.getByRole("button", { name: "Send report" }).tap();

    await expectRefunded(page, tile, cost, before);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByRole("link", { name: "Refunds" }).tap();
    await expect(page.getByTestId("refund-entry").first().getByTestId("refund-status")).toHaveText("Refunded");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});

test("decisions arrive in the bell without a reload, and marking them read clears the count", async ({
  page,
  customer,
  host,
}) => {
  const shadows = await hostGeneration(page, host, customer, { suffix: "shadows", feature: "ai_shadows" });
  const sofa = await hostGeneration(page, host, customer, { suffix: "sofa" });
  const count = page.getByTestId("notification-count");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 0 unread");
  await expect(count).toHaveCount(0);
  await bell(page).click();
  await expect(page.getByText("Nothing yet.")).toBeVisible();
  await page.keyboard.press("Escape");
  await markPage(page);

  await sofa.tile.getByRole("button", { name: "Actions for Virtual Model" }).click();
  await expect(menu(page).getByRole("menuitem")).toHaveText(["Open", "Download", "Bad result…"]);
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const first = await fillReport(page, "Other", "The sofa came back in a completely different colour.");
  await first.getByRole("button", { name: "Send report" }).click();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(count).toHaveText("1");

  await tileBody(shadows.tile).click({ button: "right" });
  await menu(page).getByRole("menuitem", { name: "Bad result…" }).click();
  const second = await fillReport(page, "Visible artifacts", "The shadow floats a long way away from the sofa.");
  await second.getByRole("button", { name: "Send report" }).click();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 2 unread");
  await expect(count).toHaveText("2");
  await expectNoReload(page);

  await bell(page).click();
  const notifications = page.getByTestId("notification");
  await expect(notifications).toHaveCount(2);
  const [denied, refunded] = [notifications.nth(0), notifications.nth(1)];
  await expect(denied).toContainText("Not refunded: AI Shadows");
  await expect(refunded).toContainText(`${sofa.cost} credits refunded`);
  await expect(refunded).toContainText("Virtual Model");
  await expect(refunded).toContainText("just now");
  await refunded.click();
  await expect(refunded).toHaveAttribute("data-read", "true");
  await expect(denied).toHaveAttribute("data-read", "false");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");

  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(denied).toHaveAttribute("data-read", "true");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 0 unread");
  await expect(count).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Mark all as read" })).toBeDisabled();

  await page.reload();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 0 unread");
});

test("Open shows the result in a new tab, and Download saves it and counts as the owner's download", async ({
  page,
  sql,
}) => {
  const { tile, id } = await generate(page, "recolor", "Handbag");
  await finished(tile);
  const downloadedAt = async () =>
    (await sql`SELECT downloaded_at FROM generations WHERE id = ${id}`)[0]!.downloaded_at as Date | null;
  expect(await downloadedAt()).toBeNull();

  await tileBody(tile).click({ button: "right" });
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    menu(page).getByRole("menuitem", { name: "Open" }).click(),
  ]);
  await expect(popup).toHaveURL(new RegExp(`/api/files/generations/${id}/output\\.png$`));
  await popup.close();
  expect(await downloadedAt()).toBeNull();

  await tile.getByRole("button", { name: "Actions for Recolor" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    menu(page).getByRole("menuitem", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${id}-output.png`);
  expect(await downloadedAt()).toBeInstanceOf(Date);
});

test("a failed generation's menu says its credits already came back, and a running one has no menu", async ({
  page,
}) => {
  await page.getByRole("link", { name: "Refunds" }).click();
  await expect(page.getByText("No refunds yet")).toBeVisible();
  await page.getByRole("link", { name: "Gallery", exact: true }).click();

  const { tile, cost } = await generate(page, "flat_lay", "Stress test: always fails (demo)");
  await expect(tile.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
  await expect(tile.getByRole("group")).toHaveCount(0);

  await expect(tile.getByTestId("generation-status")).toHaveText(`Failed — ${cost} credits refunded automatically`, {
    timeout: 15_000,
  });
  await tileBody(tile).click({ button: "right" });
  await expect(menu(page).getByRole("menuitem")).toHaveText([
    "Open original",
    "Credits already returned automatically",
  ]);
  await expect(menu(page).getByRole("menuitem", { name: "Credits already returned automatically" })).toBeDisabled();
  await page.keyboard.press("Escape");

  await page.getByRole("link", { name: "Refunds" }).click();
  const entry = page.getByTestId("refund-entry").first();
  await expect(entry).toHaveAttribute("data-kind", "automatic");
  await expect(entry.getByTestId("refund-status")).toHaveText("Automatic");
  await expect(entry.getByTestId("refund-message")).toHaveText("Refunded automatically: generation failed");
  await expect(entry.getByTestId("refund-credits")).toHaveText(`+${cost} credits`);
});
