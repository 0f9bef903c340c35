import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { signInAs } from "./fixtures";
import { test as customerTest, expect } from "./helpers/fresh-customer";
import { hoursAgo, type Complaint } from "./helpers/host-api";

const test = customerTest.extend<{ admin: Page }>({
  // The demo admin, in a browser context beside the customer's.
  admin: async ({ newPage }, provide) => {
    const page = await newPage();
    await signInAs(page, "admin");
    await provide(page);
    await page.context().close();
  },
});

// These tests change rules every customer lives by. playwright.config.ts runs this file in a project of
// its own after all the others, and here one test at a time; each test puts the rules back as it found them.
test.describe.configure({ mode: "serial" });

/** What the host reports on the customer's behalf in every test here. */
const complaint = {
  cost: 2,
  reason: "artifacts",
  details: "The background bleeds into the product's edges.",
} satisfies Complaint & { cost: number };

async function saveEligibility(admin: Page, on: boolean, note: string) {
  const android = admin.getByRole("switch", { name: "AI Backgrounds on Android" });
  await expect(android).toBeChecked({ checked: !on });
  await android.setChecked(on);
  await expect(admin.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await admin.getByLabel("Note").fill(note);
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /^Saved/ })).toHaveText(
    "Saved 1 change. The next refund request uses them.",
  );
  await expect(admin.getByTestId("unsaved-count")).toHaveText("No unsaved changes");
  await expect(android).toBeChecked({ checked: on });
}

/** Whatever happened in the test, the next specs and runs find the defaults. */
async function restoreAndroidBackgrounds(sql: postgres.Sql) {
  await sql`UPDATE feature_eligibility SET eligible = true WHERE feature_key = 'ai_backgrounds' AND platform = 'android'`;
}

async function restoreWindow(sql: postgres.Sql, windowHours: number) {
  await sql`
    INSERT INTO refund_policies (window_hours, min_details_length, soft_limit_requests, hard_limit_requests,
      refunded_share_percent, min_account_age_hours, sla_hours, claim_lease_minutes, hold_expiry_minutes,
      deny_downloaded_then_used, note, author_id)
    SELECT ${windowHours}, min_details_length, soft_limit_requests, hard_limit_requests, refunded_share_percent,
      min_account_age_hours, sla_hours, claim_lease_minutes, hold_expiry_minutes, deny_downloaded_then_used,
      'e2e: window put back after a failed test', author_id
    FROM refund_policies
    WHERE window_hours <> ${windowHours} AND version = (SELECT max(version) FROM refund_policies)`;
}

test("turning AI Backgrounds off for Android refuses the next Android request, and on again makes it eligible", async ({
  admin,
  customer,
  host,
  sql,
}) => {
  const androidBackgrounds = (suffix: string) =>
    host.reportedGeneration(customer.id, { suffix, feature: "ai_backgrounds", platform: "android", ...complaint });
  try {
    await admin.goto("/admin/eligibility");
    await saveEligibility(admin, false, "e2e: Android backgrounds are broken this week");

    const refused = await androidBackgrounds("off");
    expect(refused).toMatchObject({ status: "denied", decision: { code: "feature.not_eligible" } });

    await saveEligibility(admin, true, "e2e: Android backgrounds are fixed");
    const eligible = await androidBackgrounds("on");
    expect(eligible).toMatchObject({ status: "approved" });
  } finally {
    await restoreAndroidBackgrounds(sql);
  }
});

test("a 1-hour refund window refuses a 2-hour-old generation, under the version the page shows", async ({
  admin,
  customer,
  host,
  sql,
}) => {
  const window = admin.getByLabel("Refund window (hours)");
  const shownVersion = admin.getByTestId("policy-version");
  await admin.goto("/admin/policy");
  const originalWindow = Number(await window.inputValue());
  const previousVersion = Number(await shownVersion.textContent());
  try {
    await window.fill("1");
    await admin.getByLabel("Note").fill("e2e: a short window for the test");
    await admin.getByRole("button", { name: "Save new version" }).click();
    const version = previousVersion + 1;
    await expect(admin.getByRole("status").filter({ hasText: /^Saved/ })).toHaveText(
      `Saved as version ${version}. The next refund request uses it.`,
    );
    await expect(shownVersion).toHaveText(String(version));
    await expect(admin.getByRole("table", { name: "Comparison" }).locator("tr[data-changed]")).toHaveText([
      `Refund window (changed)${originalWindow} hours1 hour`,
    ]);

    const request = await host.reportedGeneration(customer.id, {
      suffix: "old",
      feature: "virtual_model",
      platform: "web",
      createdAt: hoursAgo(2),
      ...complaint,
    });
    expect(request).toMatchObject({
      status: "denied",
      decision: { code: "refund.window_expired" },
      policyVersion: version,
    });

    await window.fill(String(originalWindow));
    await admin.getByLabel("Note").fill("e2e: the window back as it was");
    await admin.getByRole("button", { name: "Save new version" }).click();
    await expect(shownVersion).toHaveText(String(version + 1));
  } finally {
    await restoreWindow(sql, originalWindow);
  }
});
