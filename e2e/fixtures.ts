import { expect, type Page } from "@playwright/test";

export const demoPassword = "makegood-demo";

export const demo = {
  customer: { email: "customer@example.com", name: "Casey Customer", role: "Customer", home: "/" },
  agent: { email: "agent@example.com", name: "Avery Agent", role: "Support agent", home: "/support" },
  admin: { email: "admin@example.com", name: "Ada Admin", role: "Admin", home: "/admin" },
} as const;

export type DemoRole = keyof typeof demo;

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, role: DemoRole) {
  await signIn(page, demo[role].email);
  await expect(page.getByTestId("signed-in-as")).toContainText(demo[role].name);
}
