import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEndpointEnabledAction,
} from "@/app/admin/webhooks/actions";
import { db } from "@/db/client";
import { auditEvents, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { idleState } from "@/lib/auth/action-state.shared";
import { recentDeliveries } from "@/lib/webhooks/queries";
import { form } from "../support/forms";
import { runDueJobs } from "../support/jobs";
import { person } from "../support/people";
import { signedInAs } from "../support/session";
import { webhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

vi.mock("@/lib/auth/session", () => import("../support/session"));
vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  return { ...real, config: () => ({ ...real.config(), allowPrivateUrls: true }) };
});

const admin = "webhooks-admin@makegood.test";
let receiver: WebhookReceiver;

beforeAll(async () => {
  await person(admin, "admin");
  await person("webhooks-agent@makegood.test", "agent");
  receiver = await webhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => signedInAs(admin));

async function created(url = receiver.url) {
  const state = await createWebhookEndpointAction(
    idleState,
    form({ url, description: "Mobile backend", enabled: "on", "event:generation.refunded": "on" }),
  );
  if (state.status !== "success" || !state.outcome || !state.shownOnce) throw new Error(JSON.stringify(state));
  return { id: state.outcome, secret: state.shownOnce };
}

const auditOf = async (id: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.targetId, id))).map((event) => event.action);

describe("the webhooks admin", () => {
  it("creates an endpoint with its secret shown once and an audit event, and refuses a bad form", async () => {
    const { id, secret } = await created();
    expect(secret).toMatch(/^whsec_/);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row).toMatchObject({ url: receiver.url, eventTypes: ["generation.refunded"], enabled: true });
    expect(await auditOf(id)).toEqual(["webhook_endpoint.created"]);
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain(secret);

    const refused = await createWebhookEndpointAction(idleState, form({ url: "not a url" }));
    expect(refused).toMatchObject({
      status: "error",
      fieldErrors: { url: expect.stringContaining("full address"), events: "Choose at least one event type." },
    });
  });

  it("is for admins only", async () => {
    signedInAs("webhooks-agent@makegood.test");
    const state = await createWebhookEndpointAction(
      idleState,
      form({ url: receiver.url, "event:generation.refunded": "on" }),
    );
    expect(state).toMatchObject({ status: "error", code: "auth.forbidden" });
  });

  it("sends a test event and says in words what happened", async () => {
    const { id, secret } = await created();
    const before = receiver.requests.length;
    const delivered = await sendTestWebhookAction(idleState, form({ id }));
    expect(delivered).toMatchObject({ status: "success", outcome: "delivered" });
    expect(delivered.status === "success" && delivered.message).toMatch(/^Delivered: the endpoint answered 204/);
    expect(receiver.events(secret).slice(before)).toMatchObject([{ type: "webhook.test" }]);

    receiver.answer({ status: 500, body: "Traceback (most recent call last):\n  File app.py\nKeyError: 'type'" });
    const failed = await sendTestWebhookAction(idleState, form({ id }));
    receiver.answer({ status: 204 });
    expect(failed).toMatchObject({
      status: "success",
      outcome: "failed",
      message:
        "Not delivered. The endpoint answered 500 Internal Server Error.\nIts answer began:\nTraceback (most recent call last):\n  File app.py\nKeyError: 'type'",
    });

    const dead = await webhookReceiver();
    await dead.close();
    const refusedEndpoint = await created(dead.url);
    const refused = await sendTestWebhookAction(idleState, form({ id: refusedEndpoint.id }));
    expect(refused).toMatchObject({ outcome: "failed", message: "Not delivered. The connection was refused." });

    const deliveries = await recentDeliveries(id);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(["failed", "delivered"]);
    expect(deliveries[0]?.attemptList).toMatchObject([{ responseStatus: 500 }]);
    expect(await auditOf(id)).toContain("webhook_endpoint.test_sent");
  });

  it("disables, enables, rotates, resends and deletes, each with an audit event", async () => {
    const { id } = await created();
    expect(await setWebhookEndpointEnabledAction(idleState, form({ id, enabled: "false" }))).toMatchObject({
      status: "success",
    });
    const [disabled] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "Disabled by an admin." });
    await setWebhookEndpointEnabledAction(idleState, form({ id, enabled: "true" }));

    const rotated = await rotateWebhookSecretAction(idleState, form({ id }));
    expect(rotated).toMatchObject({ status: "success", shownOnce: expect.stringMatching(/^whsec_/) });

    receiver.answer({ status: 500 });
    await sendTestWebhookAction(idleState, form({ id }));
    receiver.answer({ status: 204 });
    const [failed] = await recentDeliveries(id);
    const resent = await resendWebhookDeliveryAction(idleState, form({ id: failed!.id, endpointId: id }));
    expect(resent).toMatchObject({ status: "success" });
    const again = await resendWebhookDeliveryAction(idleState, form({ id: failed!.id, endpointId: id }));
    expect(again).toMatchObject({ status: "error", code: "webhook_delivery.pending" });
    await runDueJobs();
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, failed!.id));
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2 });

    await expect(deleteWebhookEndpointAction(idleState, form({ id }))).rejects.toThrow(/NEXT_REDIRECT/);
    const [deleted] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(deleted?.deletedAt).not.toBeNull();
    expect(await auditOf(id)).toEqual(
      expect.arrayContaining([
        "webhook_endpoint.disabled",
        "webhook_endpoint.enabled",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.deleted",
      ]),
    );
    expect(await auditOf(failed!.id)).toEqual(["webhook_delivery.resent"]);
  });
});
