import postgres from "postgres";
import { demo, expect, signIn, signInAs, test, type DemoRole } from "./fixtures";

const homeHeadings: Record<DemoRole, string> = { customer: "Your generations", agent: "Support", admin: "Admin" };

for (const role of Object.keys(demo) as DemoRole[]) {
  test(`${role} signs in and lands on their home`, async ({ page }) => {
    await signIn(page, demo[role].email);
    await expect(page).toHaveURL(demo[role].home);
    await expect(page.getByRole("heading", { level: 1, name: homeHeadings[role] })).toBeVisible();
    const header = page.getByTestId("signed-in-as");
    await expect(header).toContainText(demo[role].name);
    await expect(header).toContainText(demo[role].role);
  });
}

test("a customer is turned away from the support and admin areas", async ({ page }) => {
  await signInAs(page, "customer");
  for (const area of ["/support", "/admin"]) {
    await page.goto(area);
    await expect(page).toHaveURL("/");
    await expect(page.getByRole("heading", { level: 1, name: "Your generations" })).toBeVisible();
  }
});

test("an agent is turned away from the admin area", async ({ page }) => {
  await signInAs(page, "agent");
  await page.goto("/admin");
  await expect(page).toHaveURL("/support");
});

test("an anonymous visitor is sent to the login page", async ({ page }) => {
  for (const area of ["/", "/support", "/admin"]) {
    await page.goto(area);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
});

test("after signing in, a visitor goes on to the page they first asked for", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(demo.admin.email);
  await page.getByLabel("Password").fill("makegood-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/admin");
});

test("a wrong password shows a clear error and keeps the visitor out", async ({ page }) => {
  await signIn(page, demo.agent.email, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toHaveText(
    "That email and password don't match an account.",
  );
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(demo.agent.email);
  await page.goto("/support");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failures make an email wait, and the form says how long in words", async ({ page }) => {
  const email = `guessed-${Date.now().toString(36)}@example.com`;
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  // Twelve failures so far: the next attempt waits 2^9 seconds after the last, about 9 minutes.
  await sql`insert into login_attempts (bucket, window_start, failures, last_failed_at)
    values (${`email:${email}`}, 'epoch', 12, now())`;
  await sql.end();
  await signIn(page, email, "another guess");
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
    "Too many failed attempts. Wait 9 minutes, then try again.",
  );
});

test("an empty form names the missing fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("sign out ends the session", async ({ page }) => {
  await signInAs(page, "admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});

test("an agent goes on duty and the team list shows it", async ({ page }) => {
  await signInAs(page, "agent");
  await expect(page.getByTestId("my-availability")).toHaveText("away");
  await page.getByRole("button", { name: "Go on duty" }).click();
  await expect(page.getByTestId("my-availability")).toHaveText("on duty");
  const team = page.getByRole("list", { name: "Team" });
  await expect(team.getByRole("listitem").filter({ hasText: demo.agent.name })).toContainText("On duty");
  await page.getByRole("button", { name: "Go away" }).click();
  await expect(page.getByTestId("my-availability")).toHaveText("away");
});

test("the shell fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInAs(page, "customer");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});
