"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { webhookEventTypes } from "@/db/enums";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/endpoints";
import { eventTypeField } from "@/lib/webhooks/event-types.shared";
import { resendWebhookDelivery } from "@/lib/webhooks/resend";
import { sendTestWebhook, testOutcomeSentence } from "@/lib/webhooks/test-event";

const listPath = "/admin/webhooks";
const endpointPath = (id: string) => `${listPath}/${id}`;

const endpointId = z.uuid("That is not a webhook endpoint.");

/** Each event type is a checkbox of its own; they are gathered into one list to be checked like any field. */
function withChosenEvents(form: unknown) {
  const fields = form as Record<string, unknown>;
  return { ...fields, events: webhookEventTypes.filter((type) => fields[eventTypeField(type)] === "on") };
}

const createSchema = z.preprocess(
  withChosenEvents,
  z.object({
    url: z
      .string("Enter the endpoint's URL.")
      .trim()
      .min(1, "Enter the endpoint's URL.")
      .max(2048, "Please keep the URL under 2,048 characters.")
      .pipe(z.url({ protocol: /^https?$/, error: "Enter a full address, such as https://example.com/webhooks." })),
    description: z
      .string()
      .trim()
      .max(500, "Please keep the description under 500 characters.")
      .optional()
      .transform((value) => value || undefined),
    enabled: z
      .literal("on")
      .optional()
      .transform((value) => value === "on"),
    events: z.array(z.enum(webhookEventTypes)).min(1, "Choose at least one event type."),
  }),
);

export const createWebhookEndpointAction = authorizedAction(adminRoles, createSchema, async (input, user) => {
  const { endpoint, secret } = await createWebhookEndpoint({ ...input, eventTypes: input.events }, user.id);
  revalidatePath(listPath);
  return { message: `Created the endpoint for ${endpoint.url}.`, outcome: endpoint.id, shownOnce: secret };
});

export const setWebhookEndpointEnabledAction = authorizedAction(
  adminRoles,
  z.object({ id: endpointId, enabled: z.enum(["true", "false"], "Choose enable or disable.") }),
  async ({ id, enabled }, user) => {
    await setWebhookEndpointEnabled(id, enabled === "true", user.id);
    revalidatePath(endpointPath(id));
    revalidatePath(listPath);
    return enabled === "true"
      ? "Enabled: new events are delivered to it again."
      : "Disabled: nothing is delivered to it, and its waiting deliveries failed.";
  },
);

export const rotateWebhookSecretAction = authorizedAction(
  adminRoles,
  z.object({ id: endpointId }),
  async ({ id }, user) => {
    const { secret } = await rotateWebhookSecret(id, user.id);
    revalidatePath(endpointPath(id));
    return {
      message: "Rotated: deliveries are signed with both secrets for the next 24 hours.",
      shownOnce: secret,
    };
  },
);

export const deleteWebhookEndpointAction = authorizedAction(
  adminRoles,
  z.object({ id: endpointId }),
  async ({ id }, user) => {
    await deleteWebhookEndpoint(id, user.id);
    revalidatePath(listPath);
    redirect(listPath);
  },
);

export const sendTestWebhookAction = authorizedAction(
  adminRoles,
  z.object({ id: endpointId }),
  async ({ id }, user) => {
    const result = await sendTestWebhook(id, user.id);
    revalidatePath(endpointPath(id));
    return { message: testOutcomeSentence(result), outcome: result.delivered ? "delivered" : "failed" };
  },
);

export const resendWebhookDeliveryAction = authorizedAction(
  adminRoles,
  z.object({ id: z.uuid("That is not a delivery."), endpointId }),
  async ({ id, endpointId: endpoint }, user) => {
    await resendWebhookDelivery(id, user.id);
    revalidatePath(endpointPath(endpoint));
    return "Queued: it is sent again in a moment, then retried on the usual schedule.";
  },
);
