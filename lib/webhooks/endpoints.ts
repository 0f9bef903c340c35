import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db/client";
import type { WebhookEventType } from "@/db/enums";
import { webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { config } from "@/lib/config";
import { DomainError, notFound } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/http/outbound";
import { oneRow } from "@/lib/sql/one-row";
import { stopEndpoint } from "./deliver";
import { newWebhookSecret } from "./signing";

/** An endpoint as it may be shown: never its secrets. */
export type WebhookEndpointView = Omit<WebhookEndpoint, "secret" | "previousSecret">;

const shown = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  disabledAt: webhookEndpoints.disabledAt,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdBy: webhookEndpoints.createdBy,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
  deletedAt: webhookEndpoints.deletedAt,
};

/** How long a rotated-out secret still verifies, so a host can switch without losing a delivery. */
export const rotationOverlapMs = 24 * 3_600_000;

export const disabledByAdminReason = "Disabled by an admin.";

export type NewWebhookEndpoint = {
  url: string;
  eventTypes: readonly WebhookEventType[];
  description?: string;
  enabled?: boolean;
};

/** https only, and after DNS resolution a public address, unless the server allows private ones (development). */
async function refusalOf(url: string): Promise<string | null> {
  if (!config().allowPrivateUrls && !url.startsWith("https://")) return "The address must start with https://.";
  return checkOutboundUrl(url);
}

/** Makes an endpoint. Its secret is in the answer and nowhere else it can be read: the one chance to copy it. */
export async function createWebhookEndpoint(
  input: NewWebhookEndpoint,
  actorId: string | null,
  executor: Executor = db,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const refusal = await refusalOf(input.url);
  if (refusal) throw new DomainError("webhook_endpoint.url_refused", refusal, "url");
  const secret = newWebhookSecret();
  const enabled = input.enabled ?? true;
  const endpoint = await executor.transaction(async (tx) => {
    const created = oneRow(
      await tx
        .insert(webhookEndpoints)
        .values({
          url: input.url,
          description: input.description ?? null,
          eventTypes: [...new Set(input.eventTypes)],
          enabled,
          disabledAt: enabled ? null : new Date(),
          disabledReason: enabled ? null : disabledByAdminReason,
          secret,
          createdBy: actorId,
        })
        .returning(shown),
      "webhook endpoint",
    );
    await recordAudit(tx, {
      actorId,
      action: "webhook_endpoint.created",
      targetType: "webhook_endpoint",
      targetId: created.id,
      after: { url: created.url, eventTypes: created.eventTypes, description: created.description, enabled },
    });
    return created;
  });
  return { endpoint, secret };
}

export function listWebhookEndpoints(executor: Executor = db): Promise<WebhookEndpointView[]> {
  return executor
    .select(shown)
    .from(webhookEndpoints)
    .where(isNull(webhookEndpoints.deletedAt))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

/** Ids are uuids: anything else names nothing, and is not worth a query that Postgres would refuse. */
const uuid = z.uuid();

export async function webhookEndpointById(id: string, executor: Executor = db): Promise<WebhookEndpointView> {
  const [endpoint] = uuid.safeParse(id).success
    ? await executor
        .select(shown)
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    : [];
  if (!endpoint) throw notFound("webhook_endpoint", id);
  return endpoint;
}

/** Locks a live endpoint for a change: endpoint first, then its deliveries, as every endpoint change does. */
async function lockedEndpoint(tx: Executor, id: string): Promise<WebhookEndpoint> {
  const [endpoint] = uuid.safeParse(id).success
    ? await tx
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
        .for("update")
    : [];
  if (!endpoint) throw notFound("webhook_endpoint", id);
  return endpoint;
}

/**
 * Turns deliveries to an endpoint on or off. Turning off fails the deliveries waiting for it; an admin
 * can resend them once it is back on. Asking for the state it is already in changes nothing.
 */
export async function setWebhookEndpointEnabled(
  id: string,
  enabled: boolean,
  actorId: string | null,
  executor: Executor = db,
): Promise<WebhookEndpointView> {
  return executor.transaction(async (tx) => {
    const before = await lockedEndpoint(tx, id);
    if (before.enabled !== enabled) {
      if (enabled) {
        await tx
          .update(webhookEndpoints)
          .set({ enabled: true, disabledAt: null, disabledReason: null, updatedAt: new Date() })
          .where(eq(webhookEndpoints.id, id));
      } else {
        await stopEndpoint(tx, id, disabledByAdminReason);
      }
      await recordAudit(tx, {
        actorId,
        action: enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
        targetType: "webhook_endpoint",
        targetId: id,
        before: { enabled: before.enabled, disabledReason: before.disabledReason },
        after: { enabled },
      });
    }
    return webhookEndpointById(id, tx);
  });
}

/**
 * A new secret, returned once. The one it replaces keeps verifying for 24 hours: deliveries carry both
 * signatures meanwhile, so the host can switch at its own pace.
 */
export async function rotateWebhookSecret(
  id: string,
  actorId: string | null,
  executor: Executor = db,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const secret = newWebhookSecret();
  return executor.transaction(async (tx) => {
    const before = await lockedEndpoint(tx, id);
    const now = new Date();
    const previousSecretExpiresAt = new Date(now.getTime() + rotationOverlapMs);
    const endpoint = oneRow(
      await tx
        .update(webhookEndpoints)
        .set({ secret, previousSecret: before.secret, previousSecretExpiresAt, updatedAt: now })
        .where(eq(webhookEndpoints.id, id))
        .returning(shown),
      "rotated webhook endpoint",
    );
    await recordAudit(tx, {
      actorId,
      action: "webhook_endpoint.secret_rotated",
      targetType: "webhook_endpoint",
      targetId: id,
      after: { previousSecretExpiresAt },
    });
    return { endpoint, secret };
  });
}

/** Nothing more is sent to it; its row stays, with its deliveries' history, but no list shows it again. */
export async function deleteWebhookEndpoint(id: string, actorId: string | null, executor: Executor = db) {
  return executor.transaction(async (tx) => {
    const before = await lockedEndpoint(tx, id);
    if (before.enabled) await stopEndpoint(tx, id, "Deleted.");
    await tx.update(webhookEndpoints).set({ deletedAt: new Date() }).where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, {
      actorId,
      action: "webhook_endpoint.deleted",
      targetType: "webhook_endpoint",
      targetId: id,
      before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled },
    });
  });
}
