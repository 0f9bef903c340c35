import type { Page } from "@playwright/test";
import { denyReasons } from "@/lib/support/deny-reasons.shared";
import { balance } from "./helpers/gallery";
import { expect, makeOldest, reportForReview, signInFreshAgent, test } from "./helpers/review";

// Review mode hands out the oldest request in the whole queue, and tests here move their own requests
// to its front: one at a time, so that they never take each other's.
test.describe.configure({ mode: "serial" });

const bell = (page: Page) => page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
const requestPath = (id: string) => new RegExp(`/support/requests/${id}(\\?|$)`);

async function available(page: Page) {
  await page.reload();
  return (await balance(page)).available;
}

test("keyboard only: an agent approves the oldest request, denies the next with a reason, and the customer hears both", async ({
  page,
  customer,
  host,
  sql,
  agent,
}) => {
  const first = await reportForReview(host, customer, { suffix: "first", cost: 4 });
  const second = await reportForReview(host, customer, { suffix: "second", cost: 6 });
  await makeOldest(sql, [first.requestId, second.requestId]);
  const before = await available(page);

  await agent.keyboard.press("?");
  const help = agent.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Start reviewing");
  await agent.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await agent.keyboard.press("r");
  await expect(agent).toHaveURL(requestPath(first.requestId));
  await expect(agent.getByText("Review mode")).toBeVisible();
  await expect(agent.getByTestId("request-details")).toHaveText("The sofa legs are bent and melt into the rug.");
  await agent.keyboard.press("a");
  const approve = agent.getByRole("dialog", { name: "Approve this request?" });
  await expect(approve.getByRole("button", { name: "Approve and refund 4 credits" })).toBeFocused();
  await agent.keyboard.press("Enter");
  await expect(agent.getByText("Approved: 4 credits refunded.")).toBeVisible();

  await expect(agent).toHaveURL(requestPath(second.requestId));
  await agent.keyboard.press("d");
  const deny = agent.getByRole("dialog", { name: "Deny this request" });
  await expect(deny.getByLabel("Not clearly unusable")).toBeFocused();
  await agent.keyboard.press("ArrowDown");
  await expect(deny.getByLabel("Outside the window")).toBeChecked();
  await agent.keyboard.press("Tab");
  const message = deny.getByLabel("Message to the customer");
  await expect(message).toBeFocused();
  const outsideWindow = denyReasons.find((reason) => reason.value === "outside_window")!.message;
  await expect(message).toHaveValue(outsideWindow);
  await agent.keyboard.press("Control+Enter");
  await expect(agent.getByText("Denied: the customer has been told why.")).toBeVisible();
  await expect(agent).not.toHaveURL(requestPath(second.requestId));

  expect(await available(page)).toBe(before + first.cost);
  await expect(bell(page)).toHaveAccessibleName("Notifications, 2 unread");
  await bell(page).click();
  const notifications = page.getByTestId("notification");
  await expect(notifications).toHaveCount(2);
  await expect(notifications.nth(0)).toContainText("Not refunded: Virtual Model");
  await expect(notifications.nth(0)).toContainText(`${outsideWindow} Thank you for your feedback.`);
  await expect(notifications.nth(1)).toContainText(`${first.cost} credits refunded`);
});

test("a bulk approval of 3 requests picked with a click and a shift-click", async ({ page, customer, host, agent }) => {
  const reports = [];
  for (const [suffix, cost] of [
    ["one", 3],
    ["two", 5],
    ["three", 7],
  ] as const) {
    reports.push(await reportForReview(host, customer, { suffix, cost, feature: "recolor" }));
  }
  const before = await available(page);

  await agent.getByLabel("Feature").selectOption({ label: "Recolor" });
  await expect(agent).toHaveURL("/support?feature=recolor");
  const mine = agent.getByTestId("queue-row").filter({ hasText: customer.email });
  await expect(mine).toHaveCount(3);
  await expect(mine.first()).toContainText("Recolor · Web");
  await expect(mine.first()).toContainText("Distorted product or proportions");
  await expect(mine.first().getByTestId("sla")).toHaveText(/^23 h \d+ min left$/);

  await mine.nth(0).getByRole("checkbox").click();
  await mine
    .nth(2)
    .getByRole("checkbox")
    .click({ modifiers: ["Shift"] });
  for (const row of await mine.all()) await expect(row.getByRole("checkbox")).toBeChecked();
  await expect(agent.getByTestId("selection-count")).toHaveText("3 selected");
  // A refresh of the list keeps what was picked.
  await agent.waitForResponse((response) => response.url().includes("/api/support/queue"));
  await expect(agent.getByTestId("selection-count")).toHaveText("3 selected");

  await agent.getByRole("button", { name: "Approve", exact: true }).click();
  const dialog = agent.getByRole("dialog", { name: "Approve 3 requests?" });
  await dialog.getByRole("button", { name: "Approve 3 requests" }).click();
  await expect(agent.getByTestId("bulk-result")).toHaveText(/^3 approved\./);
  await expect(mine).toHaveCount(0);

  const refunded = reports.reduce((sum, report) => sum + report.cost, 0);
  expect(await available(page)).toBe(before + refunded);
});

test("two agents on one request: the second sees who has it, leaves a note, and the loser of the race is told who won", async ({
  customer,
  host,
  agent,
  newPage,
  sql,
  passwordHash,
}) => {
  const { requestId } = await reportForReview(host, customer, { suffix: "race", cost: 2 });
  await agent.goto(`/support/requests/${requestId}`);
  await expect(agent.getByTestId("request-status")).toHaveText("In review");

  const other = await signInFreshAgent(newPage, sql, passwordHash, "Sam Second");
  await other.goto(`/support/requests/${requestId}`);
  await expect(other.getByTestId("claim-notice")).toHaveText(/^Riley Reviewer is reviewing this until .+ UTC\.$/);
  await other.keyboard.press("n");
  await expect(other.getByLabel("New note")).toBeFocused();
  await other.keyboard.type("Same complaint as last week; the legs look fine to me.");
  await other.keyboard.press("Control+Enter");
  await expect(other.getByTestId("note")).toHaveText(/Same complaint as last week.*Sam Second ·/);
  await expect(other.getByLabel("New note")).toHaveValue("");
  await other.keyboard.press("Escape");
  await other.keyboard.press("a");
  await other.keyboard.press("Enter");
  await expect(other.getByText("Approved: 2 credits refunded.")).toBeVisible();

  await agent.keyboard.press("a");
  await agent.keyboard.press("Enter");
  await expect(agent.getByTestId("decision-refusal")).toHaveText(
    /^Already decided by Sam Second at .+ UTC: refunded\.$/,
  );
  await expect(agent.getByTestId("request-status")).toHaveText("Refunded");
  await expect(agent.getByTestId("note")).toContainText("Same complaint as last week");
  await other.context().close();
});

test("a customer is turned away from /support and from the queue route", async ({ page }) => {
  await page.goto("/support");
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1, name: "Your generations" })).toBeVisible();

  const queue = await page.request.get("/api/support/queue");
  expect(queue.status()).toBe(403);
  expect(await queue.json()).toEqual({ error: { code: "auth.forbidden", message: "You do not have access to this." } });
});
