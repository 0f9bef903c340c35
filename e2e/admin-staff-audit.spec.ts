import { demo, expect, signIn, signInAs, test } from "./fixtures";

const run = Date.now().toString(36);

test("an admin creates an agent, who can then sign in and work the queue", async ({ page, newPage }) => {
  const agent = { name: `Sam ${run}`, email: `sam-${run}@example.com`, password: "a-new-agent-password" };
  await signInAs(page, "admin");
  await page.getByRole("link", { name: "Staff", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();

  await page.getByLabel("Name").fill(agent.name);
  await page.getByLabel("Email").fill(demo.agent.email);
  await page.getByLabel(/Initial password/).fill(agent.password);
  await page.getByRole("button", { name: "Create staff member" }).click();
  await expect(page.getByText("Someone already signs in with this email.")).toBeVisible();

  await page.getByLabel("Email").fill(agent.email);
  await page.getByLabel(/Initial password/).fill(agent.password);
  await page.getByRole("button", { name: "Create staff member" }).click();
  await expect(page.getByText(`${agent.email} can now sign in as support agent`)).toBeVisible();
  const row = page.getByRole("list", { name: "Staff" }).getByRole("listitem").filter({ hasText: agent.email });
  await expect(row).toContainText("Support agent");

  const agentPage = await newPage();
  await signIn(agentPage, agent.email, agent.password);
  await expect(agentPage).toHaveURL("/account/password");
  const own = "sam's own chosen password";
  await agentPage.getByLabel("Current password").fill(agent.password);
  await agentPage.getByLabel(/^New password \(/).fill(own);
  await agentPage.getByLabel("New password again").fill(own);
  await agentPage.getByRole("button", { name: "Change password" }).click();
  await expect(agentPage).toHaveURL("/support");
  await expect(agentPage.getByTestId("signed-in-as")).toContainText(agent.name);
  await agentPage.close();

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").selectOption("staff.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=staff.created/);
  const events = page.getByTestId("audit-event");
  await expect(events.filter({ hasText: agent.email })).toContainText(demo.admin.name);
  for (const event of await events.all()) await expect(event).toContainText("staff.created");
});

test("an API key made in the console works until it is revoked, and both show in the audit log", async ({
  page,
  request,
}) => {
  const name = `Mobile backend ${run}`;
  const balance = "/api/v1/customers/demo-customer/balance";
  await signInAs(page, "admin");
  await page.goto("/admin/api-keys");

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Copy this key now")).toBeVisible();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^mg_live_/);
  const headers = { Authorization: `Bearer ${key}` };

  const answer = await request.get(balance, { headers });
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toHaveProperty("balance");

  await page.reload();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 14));
  await expect(row).not.toContainText("Never");
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("dialog")).toContainText("This cannot be undone");
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");
  expect((await request.get(balance, { headers })).status()).toBe(401);

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").selectOption("api_key.created");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=api_key.created/);
  const created = page.getByTestId("audit-event").filter({ hasText: name });
  await expect(created).toContainText(demo.admin.name);
  const keyId = (await created.getByTestId("audit-target-id").textContent())!;

  await page.getByLabel("Action").selectOption("api_key.revoked");
  await page.getByLabel("Target id").fill(keyId);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=api_key.revoked/);
  await expect(page.getByTestId("audit-event")).toHaveCount(1);
  await expect(page.getByTestId("audit-event")).toContainText(demo.admin.name);
  await expect(page.getByTestId("audit-event")).toContainText("revokedAt");
});
