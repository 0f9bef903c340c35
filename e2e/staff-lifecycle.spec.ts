import type { Page } from "@playwright/test";
import { demoPassword, expect, signIn, signInAs, test } from "./fixtures";
import { test as customerTest } from "./helpers/fresh-customer";

const run = Date.now().toString(36);

async function choosePassword(page: Page, current: string, chosen: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel(/^New password \(/).fill(chosen);
  await page.getByLabel("New password again").fill(chosen);
  await page.getByRole("button", { name: "Change password" }).click();
}

/** An agent made through the admin console, as an admin would; returns the admin's page. */
async function adminCreatesAgent(page: Page, agent: { name: string; email: string; password: string }) {
  await signInAs(page, "admin");
  await page.goto("/admin/staff");
  await page.getByLabel("Name").fill(agent.name);
  await page.getByLabel("Email").fill(agent.email);
  await page.getByLabel(/Initial password/).fill(agent.password);
  await page.getByRole("button", { name: "Create staff member" }).click();
  await expect(page.getByText(`${agent.email} can now sign in as support agent`)).toBeVisible();
}

test("a new agent chooses their own password at first sign-in before any page opens", async ({ page, newPage }) => {
  const agent = { name: `Noor ${run}`, email: `noor-${run}@example.com`, password: "first-password-from-admin" };
  const own = "noor's own chosen password";
  await adminCreatesAgent(page, agent);

  // A browser of its own, with no cookie shared with the first one.
  const agentPage = await newPage();
  await signIn(agentPage, agent.email, agent.password);
  await expect(agentPage).toHaveURL("/account/password");
  await expect(agentPage.getByRole("heading", { level: 1, name: "Choose your password" })).toBeVisible();
  await agentPage.goto("/support");
  await expect(agentPage).toHaveURL("/account/password");

  await choosePassword(agentPage, "not the first password", own);
  await expect(agentPage.getByText("That is not your current password.")).toBeVisible();
  await choosePassword(agentPage, agent.password, own);
  await expect(agentPage).toHaveURL("/support");
  await expect(agentPage.getByTestId("signed-in-as")).toContainText(agent.name);

  await agentPage.getByRole("button", { name: "Sign out" }).click();
  // Until the sign-out's redirect lands the session is live, and /login would send the agent on to /support.
  await expect(agentPage).toHaveURL(/\/login/);
  await signIn(agentPage, agent.email, own);
  await expect(agentPage).toHaveURL("/support");
});

test("an admin disables a signed-in agent: the agent's next page is the login page, and signing in fails", async ({
  page,
  newPage,
}) => {
  const agent = { name: `Dara ${run}`, email: `dara-${run}@example.com`, password: "first-password-from-admin" };
  const own = "dara's own chosen password";
  await adminCreatesAgent(page, agent);
  // A browser of its own, with no cookie shared with the first one.
  const agentPage = await newPage();
  await signIn(agentPage, agent.email, agent.password);
  await choosePassword(agentPage, agent.password, own);
  await expect(agentPage).toHaveURL("/support");

  const row = page.getByRole("list", { name: "Staff" }).getByRole("listitem").filter({ hasText: agent.email });
  await row.getByRole("button", { name: `Disable ${agent.name}` }).click();
  await expect(page.getByRole("dialog")).toContainText("signed out everywhere at once");
  await page.getByRole("button", { name: "Disable account" }).click();
  await expect(row).toContainText("Disabled");

  await agentPage.goto("/admin/insights");
  await expect(agentPage).toHaveURL(/\/login/);
  await signIn(agentPage, agent.email, own);
  await expect(agentPage.getByRole("alert").filter({ hasText: "disabled" })).toHaveText(
    "This account is disabled. Ask an admin to turn it back on.",
  );
  await expect(agentPage).toHaveURL(/\/login/);

  await row.getByRole("button", { name: `Enable ${agent.name}` }).click();
  await expect(row).not.toContainText("Disabled");
  await signIn(agentPage, agent.email, own);
  await expect(agentPage).toHaveURL("/support");
});

customerTest(
  "a customer changes their password: other browsers are signed out, this one is not, and the new one works",
  async ({ page, newPage, customer }) => {
    const chosen = "a fresh customer password";
    // A browser of its own, with no cookie shared with the first one.
    const otherDevice = await newPage();
    await signIn(otherDevice, customer.email);
    await expect(otherDevice).toHaveURL("/");

    await page.getByRole("link", { name: "Password" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
    await choosePassword(page, demoPassword, "short");
    await expect(page.getByText("The new password needs at least 12 characters.")).toBeVisible();
    await choosePassword(page, demoPassword, chosen);
    await expect(page.getByRole("status")).toHaveText("Your password is changed. You are signed out everywhere else.");

    await page.goto("/credits");
    await expect(page.getByTestId("signed-in-as")).toContainText(customer.name);
    await otherDevice.goto("/credits");
    await expect(otherDevice).toHaveURL(/\/login/);

    await signIn(otherDevice, customer.email, demoPassword);
    await expect(otherDevice.getByRole("alert").filter({ hasText: "match" })).toHaveText(
      "That email and password don't match an account.",
    );
    await signIn(otherDevice, customer.email, chosen);
    await expect(otherDevice).toHaveURL("/");
    await expect(otherDevice.getByTestId("signed-in-as")).toContainText(customer.name);
  },
);
