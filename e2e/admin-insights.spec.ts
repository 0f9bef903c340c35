import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { signInAs } from "./fixtures";
import { test as customerTest, expect } from "./helpers/fresh-customer";

const test = customerTest.extend<{ admin: Page }>({
  // The demo admin, in a browser context beside the customer's.
  admin: async ({ newPage }, provide) => {
    const page = await newPage();
    await signInAs(page, "admin");
    await provide(page);
    await page.context().close();
  },
});

/** Noon yesterday in UTC: still inside the refund window, and always on the day before today in insights. */
function yesterdayNoon(): string {
  const today = new Date().toISOString().slice(0, 10);
  return new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString();
}

// Neither the demo seed nor any other spec makes Retouch generations, so the feature's numbers here are this test's own.
const feature = "retouch";
const theme = "purple zigzag stripes";
const wordings = [
  "The photo has purple zigzag stripes across it.",
  "Purple zigzag stripes again, over the whole photo",
  "There are purple zigzag stripes where the text should be",
];

test("an admin follows a theme to its reports, logs a guide change and sees the rates before and after it", async ({
  admin,
  customer,
  host,
}) => {
  // Sixteen generations through the host API and four insights pages: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  // Yesterday: 2 of 4 Retouch results reported. Today: 3 of 12.
  const yesterday = yesterdayNoon();
  for (const [index, details] of wordings.slice(0, 2).entries()) {
    await host.reportedGeneration(customer.id, { suffix: `old-${index}`, feature, createdAt: yesterday, details });
  }
  for (const index of [0, 1]) {
    await host.finishedGeneration(customer.id, { suffix: `old-plain-${index}`, feature, createdAt: yesterday });
  }
  for (const [index, details] of wordings.entries()) {
    await host.reportedGeneration(customer.id, { suffix: `new-${index}`, feature, details });
  }
  for (const index of Array.from({ length: 9 }, (_, at) => at)) {
    await host.finishedGeneration(customer.id, { suffix: `new-plain-${index}`, feature });
  }

  await admin.goto("/admin/insights");
  await expect(admin.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(
    admin.getByRole("table", { name: "By feature" }).getByRole("rowheader", { name: "Retouch" }),
  ).toBeVisible();
  const themes = admin.getByRole("list", { name: "Themes of Retouch" });
  // Five reports use the phrase, none in the 30 days before.
  await expect(themes.getByRole("listitem").filter({ hasText: theme })).toContainText("5 up from 0");

  await themes.getByRole("link", { name: theme }).click();
  await expect(admin).toHaveURL(/\/admin\/insights\/reports\?/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`“${theme}” in Retouch reports`);
  const reports = admin.getByRole("list", { name: "Reports" }).getByRole("listitem");
  await expect(reports).toHaveCount(5);
  for (const details of wordings) await expect(reports.filter({ hasText: details }).first()).toBeVisible();
  const first = reports.first().getByRole("link");
  await expect(first).toHaveAttribute("href", /^\/support\/requests\/[0-9a-f-]{36}$/);
  await first.click();
  await expect(admin).toHaveURL(/\/support\/requests\/[0-9a-f-]{36}$/);
  await expect(admin.getByText(customer.email).first()).toBeVisible();

  await admin.goto("/admin/insights");
  const title = `Retouch guide: avoid busy patterns ${randomUUID().slice(0, 8)}`;
  const form = admin.getByRole("form", { name: "Record an action" });
  await form.getByLabel("What was done").selectOption({ label: "Guide updated" });
  await form.getByLabel("Feature").selectOption({ label: "Retouch" });
  await form.getByLabel("Theme (optional)").fill(theme);
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Link (optional)").fill("https://guides.example.com/retouch");
  await form.getByRole("button", { name: "Record action" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Recorded" })).toHaveText(
    `Recorded "${title}". Its before and after show below.`,
  );

  const action = admin.getByRole("list", { name: "Actions taken" }).getByRole("listitem").filter({ hasText: title });
  await expect(action.getByRole("link", { name: title })).toHaveAttribute("href", "https://guides.example.com/retouch");
  await expect(action).toContainText(`Guide updated · Retouch · theme “${theme}”`);
  // The theme's reports ÷ Retouch's successes: 2 of 4 the day before, 3 of 12 from the day it was taken.
  await expect(action.getByTestId("action-effect")).toContainText("report rate 50.0% → 25.0%");
});

test("an agent reads insights but is not offered the form", async ({ newPage }) => {
  const page = await newPage();
  await signInAs(page, "agent");
  await page.getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/admin\/insights$/);
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Record action" })).toHaveCount(0);
  await page.context().close();
});
