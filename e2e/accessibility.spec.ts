import type { Locator, Page } from "@playwright/test";
import { expect as baseExpect, test as base, demo, signInDirectly } from "./fixtures";
import { pagesFor, isDynamic, type Visitor } from "./helpers/app-pages";
import { axeAudit } from "./helpers/axe";
import { expect, test, type FreshCustomer } from "./helpers/fresh-customer";
import type { HostApi } from "./helpers/host-api";
import { reportForReview } from "./helpers/review";
import { signInFreshStaff } from "./helpers/staff";

// Every page each kind of visitor can open, and the menus and dialogs that open over them, must pass
// axe's WCAG 2.1 A and AA rules without a serious or critical violation. Pages come from app/, so a
// new one is checked without being listed here; one with an id in its path needs an opener below.

// Axe reads the whole page at every stop, and the machine these run on may be busy.
test.describe.configure({ timeout: 300_000 });

type Audit = ReturnType<typeof axeAudit>;
/** How to reach a page with an id in its path: makes or finds the record, and answers the path. */
type Openers = Record<string, () => Promise<string>>;

async function opened(page: Page, target: string) {
  await page.goto(target);
  await baseExpect
    .poll(() => new URL(page.url()).pathname, { message: `${target} was not opened` })
    .toBe(new URL(target, page.url()).pathname);
  await baseExpect(page.locator("main")).toBeVisible();
}

/** The pages of a visitor that need a record's id, each opened with the record its opener makes or finds. */
async function auditDynamicPages(page: Page, visitor: Visitor, audit: Audit, openers: Openers) {
  const dynamic = pagesFor(visitor).filter(isDynamic);
  const unreachable = dynamic.filter((route) => !openers[route]);
  baseExpect(unreachable, `pages the ${visitor} can open that this spec has no opener for`).toEqual([]);
  for (const route of dynamic) {
    await opened(page, await openers[route]!());
    await audit.check(route);
  }
}

const moreThanEnoughTabs = 30;

/** Tabs forwards and backwards well past the dialog's last control: focus must never leave it. */
async function expectFocusTrapped(page: Page, dialog: Locator) {
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let press = 0; press < moreThanEnoughTabs; press++) {
      await page.keyboard.press(key);
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
  }
}

const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

// The pages without an id in their path, one test each, as the demo accounts see them.
for (const visitor of ["anonymous", "customer", "agent", "admin"] as const) {
  for (const route of pagesFor(visitor).filter((route) => !isDynamic(route))) {
    base(`${visitor}: ${route}`, async ({ page }) => {
      if (visitor !== "anonymous") await signInDirectly(page, demo[visitor].email);
      const audit = axeAudit(page);
      await opened(page, route);
      await audit.check(route);
      audit.expectClean();
    });
  }
}

base("anonymous: /login refusing a sign-in", async ({ page }) => {
  const audit = axeAudit(page);
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next.js's own route announcer is an alert too, once its router has mounted.
  await baseExpect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await audit.check("/login refusing a sign-in");
  audit.expectClean();
});

async function ownPurchase(host: HostApi, customer: FreshCustomer) {
  const { purchase } = (await host.post("/purchases", {
    id: `${customer.id}-pack`,
    customerId: customer.id,
    product: "credits_100",
    amount: 999,
    currency: "USD",
  })) as { purchase: { id: string } };
  return purchase.id;
}

test("a customer: the pages with an id, the gallery's menus, the Bad result dialog and the purchase refund dialog", async ({
  page,
  customer,
  host,
}) => {
  const audit = axeAudit(page);
  const { id: generationId } = await host.finishedGeneration(customer.id, { suffix: "a11y" });
  const purchaseId = await ownPurchase(host, customer);

  await auditDynamicPages(page, "customer", audit, {
    "/purchases/checkout/[sessionId]": async () => {
      await page.goto("/purchases");
      await page.locator('[data-testid="product-card"][data-product="credits_100"]').getByRole("button").click();
      await expect(page).toHaveURL(/\/purchases\/checkout\/demo_cs_/);
      return new URL(page.url()).pathname;
    },
  });

  await opened(page, "/");
  const tile = page.locator(`[data-generation-id="${generationId}"]`);
  await expect(tile.getByTestId("generation-status")).toHaveText("Succeeded");
  await tile.getByRole("group").click({ button: "right" });
  await expect(page.getByRole("menu")).toBeVisible();
  await audit.check("/ with a tile's context menu open");
  await page.keyboard.press("Escape");

  await tile.getByRole("button", { name: "Actions for Virtual Model" }).click();
  await page.getByRole("menuitem", { name: "Bad result…" }).click();
  const report = page.getByRole("dialog", { name: "Report a bad result" });
  await expect(report).toBeVisible();
  await audit.check("/ with the Bad result dialog open");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(report.getByText("Choose what is wrong with the result.")).toBeVisible();
  await audit.check("/ with the Bad result dialog showing its errors");
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
  await audit.check("/ with the notifications open");
  await page.keyboard.press("Escape");

  await opened(page, "/purchases");
  const purchase = page.locator(`[data-testid="purchase"][data-purchase-id="${purchaseId}"]`);
  await purchase.getByRole("button", { name: "Request a refund" }).click();
  await expect(page.getByRole("dialog", { name: "Request a refund" })).toBeVisible();
  await audit.check("/purchases with the refund dialog open");

  audit.expectClean();
});

test("keyboard only: the ⋯ button announces its menu, and the Bad result dialog keeps focus until it gives it back", async ({
  page,
  customer,
  host,
}) => {
  const { id } = await host.finishedGeneration(customer.id, { suffix: "keys" });
  await page.goto("/");
  const tile = page.locator(`[data-generation-id="${id}"]`);
  await expect(tile.getByTestId("generation-status")).toHaveText("Succeeded");

  // While the menu is open the rest of the page is hidden from assistive technology, and so from getByRole.
  const more = tile.locator('button[aria-label="Actions for Virtual Model"]');
  await expect(more).toHaveAttribute("aria-haspopup", "menu");
  await expect(more).toHaveAttribute("aria-expanded", "false");
  for (let presses = 0; !(await focused(more)); presses++) {
    expect(presses, "Tab should reach the ⋯ button").toBeLessThan(40);
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const badResult = page.getByRole("menu").getByRole("menuitem", { name: "Bad result…" });
  for (let presses = 0; !(await focused(badResult)); presses++) {
    expect(presses, "the arrow keys should reach Bad result").toBeLessThan(5);
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Report a bad result" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-describedby", /.+/);
  await expectFocusTrapped(page, dialog);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(tile.getByRole("group")).toBeFocused();
});

test.describe("staff", () => {
  // Young accounts' reports wait for an agent: the staff need a request of their own in review.
  test.use({ signedUpHoursAgo: 1 });

  test("a support agent: the pages with an id, the queue with a row selected, and the decision dialogs", async ({
    newPage,
    sql,
    passwordHash,
    customer,
    host,
  }) => {
    const agent = await signInFreshStaff(newPage, sql, passwordHash, "agent");
    const audit = axeAudit(agent);
    const { requestId } = await reportForReview(host, customer, { suffix: "a11y", cost: 4 });
    const requestPage = `/support/requests/${requestId}`;

    await auditDynamicPages(agent, "agent", audit, { "/support/requests/[id]": async () => requestPage });

    await opened(agent, "/support");
    await expect(agent.getByTestId("queue-row").first()).toBeVisible();
    await agent.keyboard.press("j");
    await agent.keyboard.press("x");
    await expect(agent.getByTestId("selection-count")).toHaveText("1 selected");
    await audit.check("/support with a row selected");
    await agent.keyboard.press("a");
    await expect(agent.getByRole("dialog", { name: "Approve 1 request?" })).toBeVisible();
    await audit.check("/support with the approve dialog open");
    await agent.keyboard.press("Escape");
    await agent.keyboard.press("?");
    await expect(agent.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    await audit.check("/support with the shortcuts open");
    await agent.keyboard.press("Escape");

    await opened(agent, requestPage);
    await agent.keyboard.press("d");
    await expect(agent.getByRole("dialog", { name: "Deny this request" })).toBeVisible();
    await audit.check("/support/requests/[id] with the deny dialog open");

    audit.expectClean();
  });

  test("keyboard only: the queue announces the row an agent is on, what X selected and what a decision did", async ({
    newPage,
    sql,
    passwordHash,
    customer,
    host,
  }) => {
    const agent = await signInFreshStaff(newPage, sql, passwordHash, "agent");
    const { requestId } = await reportForReview(host, customer, { suffix: "announced", cost: 4 });
    await agent.goto("/support");
    const rows = agent.getByTestId("queue-row");
    await expect(rows.nth(1)).toBeVisible();
    const rowLink = (row: Locator) => row.getByRole("link");
    const announcer = agent.getByTestId("queue-announcer");
    await expect(announcer).toHaveRole("status");
    await expect(announcer).toHaveText("");

    await agent.keyboard.press("j");
    await expect(rowLink(rows.nth(0))).toBeFocused();
    await expect(rowLink(rows.nth(0))).toHaveAttribute("aria-current", "true");
    await agent.keyboard.press("j");
    await expect(rowLink(rows.nth(1))).toHaveAttribute("aria-current", "true");
    await expect(rowLink(rows.nth(0))).not.toHaveAttribute("aria-current");

    const own = agent.locator(`[data-testid="queue-row"][data-request-id="${requestId}"]`);
    await rowLink(own).focus();
    await expect(rowLink(own)).toHaveAttribute("aria-current", "true");
    await agent.keyboard.press("x");
    await expect(own.getByRole("checkbox")).toBeChecked();
    await expect(agent.getByRole("status").filter({ hasText: "1 selected" })).toBeVisible();

    await agent.keyboard.press("a");
    const approve = agent.getByRole("dialog", { name: "Approve 1 request?" });
    await expect(approve.getByRole("button", { name: "Approve 1 request" })).toBeFocused();
    await expectFocusTrapped(agent, approve);
    await approve.getByRole("button", { name: "Approve 1 request" }).focus();
    await agent.keyboard.press("Enter");
    await expect(approve).toBeHidden();
    await expect(announcer).toContainText("1 approved.");
    await expect(own).toHaveCount(0);
    await agent.context().close();
  });

  test("an admin: a confirm dialog, and the pages of one customer, dispute, webhook and request", async ({
    newPage,
    sql,
    passwordHash,
    customer,
    host,
  }) => {
    const admin = await signInFreshStaff(newPage, sql, passwordHash, "admin");
    const audit = axeAudit(admin);
    const { requestId } = await reportForReview(host, customer, { suffix: "a11y", cost: 4 });
    const purchaseId = await ownPurchase(host, customer);
    await host.put(`/disputes/dp-${customer.id}`, { purchaseId, status: "open", reason: "fraudulent" });
    const endpoint = `http://127.0.0.1:9/a11y/${customer.id}`;

    await auditDynamicPages(admin, "admin", audit, {
      "/admin/customers/[id]": async () => `/admin/customers/${encodeURIComponent(customer.id)}`,
      "/admin/disputes/[id]": async () => {
        await admin.goto("/admin/disputes");
        const row = admin.getByTestId("open-dispute").filter({ hasText: customer.email });
        return (await row.getByRole("link").first().getAttribute("href"))!;
      },
      "/admin/webhooks/[id]": async () => {
        await admin.goto("/admin/webhooks");
        await admin.getByLabel("URL").fill(endpoint);
        // Made disabled, so that no delivery ever goes to an address nobody listens on.
        await admin.getByRole("checkbox", { name: /customer\.reinstated/ }).check();
        await admin.getByRole("checkbox", { name: /^Enabled/ }).uncheck();
        await admin.getByRole("button", { name: "Create endpoint" }).click();
        await expect(admin.getByText(`Created the endpoint for ${endpoint}.`)).toBeVisible({ timeout: 30_000 });
        await audit.check("/admin/webhooks showing a new secret once");
        return (await admin.getByRole("link", { name: endpoint }).getAttribute("href"))!;
      },
      "/support/requests/[id]": async () => `/support/requests/${requestId}`,
    });

    await opened(admin, "/admin/webhooks");
    await admin.getByRole("link", { name: endpoint }).click();
    const trigger = admin.getByRole("button", { name: "Delete endpoint" });
    await trigger.click();
    const confirm = admin.getByRole("dialog", { name: "Delete this endpoint?" });
    await expect(confirm).toBeVisible();
    await audit.check("/admin/webhooks/[id] with its confirm dialog open");
    await expectFocusTrapped(admin, confirm);
    await admin.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(trigger).toBeFocused();
    await trigger.press("Enter");
    await confirm.getByRole("button", { name: "Delete endpoint" }).press("Enter");
    await expect(admin).toHaveURL("/admin/webhooks");

    audit.expectClean();
    await admin.context().close();
  });
});
