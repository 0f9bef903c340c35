import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { DELETE } from "@/pages/api/v1/webhook-endpoints/[id]";
import { GET, POST } from "@/pages/api/v1/webhook-endpoints";
import { db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { hostApi } from "../support/api";
import { webhookReceiver } from "../support/webhook-receiver";

const settings = vi.hoisted(() => ({ allowPrivateUrls: true }));

vi.mock("@/lib/config", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config")>();
  return { ...real, config: () => ({ ...real.config(), ...settings }) };
});

const call = hostApi();

type Shown = { id: string; url: string; events: string[]; description: string | null; enabled: boolean };
const asEndpoint = (body: unknown) => body as { endpoint: Shown; secret: string };

describe("POST/GET/DELETE /api/v1/webhook-endpoints", () => {
  it("creates an endpoint, shows its secret once, lists it without secrets, and deletes it", async () => {
    const receiver = await webhookReceiver();
    const created = await call(POST, {
      body: { url: receiver.url, events: ["refund_request.decided", "generation.refunded"], description: "Backend" },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = asEndpoint(created.body);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(endpoint).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ["refund_request.decided", "generation.refunded"],
      description: "Backend",
      enabled: true,
      disabledReason: null,
      createdAt: expect.any(String),
    });

    const listed = await call(GET);
    expect(listed.status).toBe(200);
    expect((listed.body as unknown as { endpoints: Shown[] }).endpoints).toEqual([endpoint]);
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");

    const deleted = await call.respond(DELETE, { params: { id: endpoint.id } });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await call(GET)).body).toEqual({ endpoints: [] });
    const again = await call(DELETE, { params: { id: endpoint.id } });
    expect(again).toMatchObject({ status: 404, body: { error: { code: "webhook_endpoint.not_found" } } });
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, endpoint.id));
    expect(audit.map((event) => event.action).sort()).toEqual(["webhook_endpoint.created", "webhook_endpoint.deleted"]);
    await receiver.close();
  });

  it("answers 404 for an endpoint that does not exist", async () => {
    for (const id of ["0b9c8f1e-5a55-4c39-9a43-1f4d7f6f3a11", "not-an-id"]) {
      const reply = await call(DELETE, { params: { id } });
      expect(reply).toMatchObject({ status: 404, body: { error: { code: "webhook_endpoint.not_found" } } });
    }
  });

  it.each([
    [{ events: ["generation.refunded"] }, "url", "is required"],
    [{ url: "ftp://files.example/x", events: ["generation.refunded"] }, "url", "http or https"],
    [{ url: "https://hooks.example/x" }, "events", "is required"],
    [{ url: "https://hooks.example/x", events: [] }, "events", "1 to 9 event types"],
    [{ url: "https://hooks.example/x", events: ["generation.exploded"] }, "events.0", "must be one of"],
    [{ url: "https://hooks.example/x", events: ["generation.refunded"], description: "" }, "description", "1 to 500"],
  ])("refuses a malformed body %j with 422 naming %s", async (body, field, rule) => {
    const reply = await call(POST, { body });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toMatchObject({ code: "validation.failed", field });
    expect(reply.body.error?.message).toContain(rule);
    expect(await listWebhookEndpoints()).toEqual([]);
  });

  it("refuses plain http and private addresses unless the server allows them", async () => {
    settings.allowPrivateUrls = false;
    try {
      const refusals = [
        ["http://hooks.example/x", "The address must start with https://."],
        ["https://127.0.0.1/hooks", "The address is on a private network, which is not allowed."],
        ["https://169.254.169.254/latest", "The address is on a private network, which is not allowed."],
        ["https://localhost:8443/hooks", "Only ports 80 and 443 are allowed."],
      ];
      for (const [url, message] of refusals) {
        const reply = await call(POST, { body: { url, events: ["generation.refunded"] } });
        expect(reply).toMatchObject({
          status: 422,
          body: { error: { code: "webhook_endpoint.url_refused", field: "url", message } },
        });
      }
      expect(await listWebhookEndpoints()).toEqual([]);
    } finally {
      settings.allowPrivateUrls = true;
    }
  });
});
