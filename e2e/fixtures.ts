import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

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

/**
 * Signs the page's browser in through Auth.js's credentials endpoint, where the login form's action
 * leads too, without drawing the form: for the specs about something else. auth.spec.ts and
 * staff-lifecycle.spec.ts sign in through the form. The caller then opens the page it wants.
 */
export async function signInDirectly(page: Page, email: string, password = demoPassword) {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const answer = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password },
    maxRedirects: 0,
  });
  expect(answer.headers()["location"] ?? "", `signing ${email} in`).not.toContain("error");
}

export async function signInAs(page: Page, role: DemoRole) {
  await signInDirectly(page, demo[role].email);
  await page.goto(demo[role].home);
  await expect(page.getByTestId("signed-in-as")).toContainText(demo[role].name);
}

type CspWatch = {
  /** Every Content Security Policy violation any page of the test's contexts met, as a readable line. */
  cspViolations: string[];
  /** A page in a browser context of its own (another person beside `page`), watched like `page`'s. */
  newPage: () => Promise<Page>;
};

async function watchCsp(context: BrowserContext, violations: string[]) {
  await context.exposeFunction("reportCspViolation", (line: string) => violations.push(line));
  // Runs before the page's own scripts in every document and frame, so nothing is blocked unseen.
  await context.addInitScript(() => {
    const page = window as unknown as { reportCspViolation: (line: string) => void };
    document.addEventListener(
      "securitypolicyviolation",
      (event) =>
        page.reportCspViolation(
          `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} on ${event.documentURI}` +
            ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
        ),
      true,
    );
  });
  context.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(`console: ${message.text()}`);
  });
}

/**
 * The `test` of every spec: each page it opens, `page` and those from `newPage`, fails the test when
 * the Content Security Policy blocks anything, since a blocked script or style is a broken page.
 */
export const test = base.extend<CspWatch>({
  cspViolations: async ({}, provide) => {
    const violations: string[] = [];
    await provide(violations);
    expect(violations, "Content Security Policy violations").toEqual([]);
  },
  context: async ({ context, cspViolations }, provide) => {
    await watchCsp(context, cspViolations);
    await provide(context);
  },
  newPage: async ({ browser, cspViolations }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      opened.push(context);
      await watchCsp(context, cspViolations);
      return context.newPage();
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});

export { expect };
