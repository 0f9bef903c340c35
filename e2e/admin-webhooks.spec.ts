import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expect, signInAs, test } from "./fixtures";

type Received = { headers: Record<string, string>; body: string };

/** A host's receiver on this machine, which the server may reach because e2e runs allow private URLs. */
async function receiver() {
  const received: Received[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const headers: Record<string, string> = {};
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      headers[name] = String(request.headers[name] ?? "");
    }
    received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/${Date.now().toString(36)}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function createEndpoint(page: Page, url: string) {
  await page.goto("/admin/webhooks");
  await page.getByLabel("URL").fill(url);
  await page.getByLabel("Description (optional)").fill("E2E receiver");
  await page.getByRole("checkbox", { name: /customer\.reinstated/ }).check();
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByText(`Created the endpoint for ${url}.`)).toBeVisible();
  const secret = (await page.getByTestId("new-webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  return secret;
}

async function openEndpoint(page: Page, url: string) {
  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: url }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(url);
}

async function deleteEndpoint(page: Page) {
  await page.getByRole("button", { name: "Delete endpoint" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL("/admin/webhooks");
}

test("an admin adds a webhook endpoint, sees its secret once, and a signed test event arrives", async ({ page }) => {
  const host = await receiver();
  await signInAs(page, "admin");
  await page.getByRole("link", { name: "Webhooks", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByText("Choose at least one event type.")).toBeVisible();

  const secret = await createEndpoint(page, host.url);
  await page.reload();
  await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
  await expect(page.getByTestId("webhook-endpoint").filter({ hasText: host.url })).toContainText("Enabled");

  await openEndpoint(page, host.url);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("webhook-test-result")).toContainText("Delivered: the endpoint answered 204");
  const delivery = page.getByTestId("webhook-delivery").first();
  await expect(delivery.getByTestId("webhook-delivery-status")).toHaveText("Delivered");
  await expect(delivery).toContainText("webhook.test");

  expect(host.received).toHaveLength(1);
  const [event] = host.received;
  const verified = new Webhook(secret).verify(event!.body, event!.headers) as { type: string };
  expect(verified.type).toBe("webhook.test");

  await deleteEndpoint(page);
  await expect(page.getByRole("link", { name: host.url })).toHaveCount(0);
  await host.close();
});

test("a test event to an endpoint that refuses connections says so in words", async ({ page }) => {
  const dead = await receiver();
  await dead.close();
  await signInAs(page, "admin");
  await createEndpoint(page, dead.url);

  await openEndpoint(page, dead.url);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("webhook-test-result")).toHaveText("Not delivered. The connection was refused.");
  const delivery = page.getByTestId("webhook-delivery").first();
  await expect(delivery.getByTestId("webhook-delivery-status")).toHaveText("Failed");
  await expect(delivery.getByTestId("webhook-attempt-outcome")).toHaveText("The connection was refused.");

  await deleteEndpoint(page);
});
