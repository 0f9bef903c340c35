import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { notifications, webhookDeliveries } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api/api-keys";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { generationFileKey } from "@/lib/generations/files";
import { startGeneration } from "@/lib/generations/lifecycle";
import { samplePng } from "@/lib/generations/samples";
import { startCheckout } from "@/lib/purchases/checkout";
import { upsertDispute } from "@/lib/purchases/disputes";
import { boughtCreditPack } from "./purchases";
import { putFile } from "@/lib/storage/file-store";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { sendTestWebhook } from "@/lib/webhooks/test-event";
import { generationFor } from "./ledger";
import { person } from "./people";
import { establishedCustomer, madeGeneration, report } from "./refunds";

/**
 * The people and things the authorization matrix is walked over. "The owner" is the customer whose
 * resources the calls name; "another customer" is signed in and asks for the owner's things.
 */
export const owner = { email: "owner@authz.test", customerId: "authz-owner" };
export const other = { email: "other@authz.test", customerId: "authz-other" };
export const agentEmail = "agent@authz.test";
export const adminEmail = "admin@authz.test";
/** A customer of no persona, whom admins suspend, adjust and dispute in the matrix. */
export const subjectId = "authz-subject";

export type World = {
  ownerFileKey: string;
  ownerCheckoutSession: string;
  disputeId: string;
  pendingRequestId: string;
  endpointId: string;
  validKey: string;
  revokedKey: string;
};

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Where the demo AI service's own outputs are kept: the owner's one file the files route serves. */
async function storedOutput(customerId: string) {
  const id = unique("authz-file");
  await madeGeneration(customerId, id);
  const key = generationFileKey(id, "output.png");
  await putFile(key, (await samplePng("mug"))!, "image/png");
  return key;
}

export async function buildWorld(): Promise<World> {
  await establishedCustomer(owner.customerId, 1000);
  await establishedCustomer(other.customerId, 1000);
  await establishedCustomer(subjectId, 1000);
  await person(owner.email, "customer", { customerId: owner.customerId });
  await person(other.email, "customer", { customerId: other.customerId });
  await person(agentEmail, "agent");
  await person(adminEmail, "admin");
  const revoked = await createApiKey("authz revoked");
  await revokeApiKey(revoked.record.id);
  return {
    ownerFileKey: await storedOutput(owner.customerId),
    ownerCheckoutSession: await freshCheckoutSession(),
    disputeId: await freshOpenDispute(),
    pendingRequestId: await freshPendingRequest(),
    endpointId: (await freshEndpoint()).id,
    validKey: (await createApiKey("authz valid")).key,
    revokedKey: revoked.key,
  };
}

/*
 * Fresh things for calls that use one up: every call gets its own, so that the order the matrix is
 * walked in never decides an outcome.
 */

export async function freshGeneration(customerId = owner.customerId) {
  const id = unique("authz-gen");
  await madeGeneration(customerId, id);
  return id;
}

export async function freshRunningGeneration(customerId = owner.customerId) {
  const id = unique("authz-run");
  await startGeneration(generationFor(customerId, id, 1));
  return id;
}

export async function freshNotification(customerId = owner.customerId) {
  const [notification] = await db
    .insert(notifications)
    .values({ customerId, title: "Refunded", body: "4 credits are back." })
    .returning({ id: notifications.id });
  return notification!.id;
}

/** The demo provider's checkout, whose id is its terms: it is the owner's because it says so. */
export async function freshCheckoutSession(customerId = owner.customerId) {
  const { url } = await startCheckout(customerId, "credits_100", "http://makegood.test");
  return url.split("/").at(-1)!;
}

export async function freshPurchase(customerId = owner.customerId) {
  const id = unique("authz-pur");
  await boughtCreditPack(customerId, id);
  return id;
}

/** A report the policy sends to review: a customer younger than a day always gets one. */
export async function freshPendingRequest() {
  const customerId = unique("authz-young");
  await registerCustomer(customerId, { email: `${customerId}@example.com` });
  await grantCredits(customerId, { key: "opening", amount: 100, reason: "Opening balance" });
  const generationId = unique("authz-gen");
  await madeGeneration(customerId, generationId);
  const request = await report(customerId, generationId);
  if (request.status !== "in_review") throw new Error(`expected a request in review, got ${request.status}`);
  return request.id;
}

export async function freshOpenDispute() {
  const id = unique("authz-dis");
  await upsertDispute({ id, purchaseId: await freshPurchase(subjectId), status: "open" });
  return id;
}

/** Port 9 (discard) refuses at once on loopback, so a test event fails fast and stays failed. */
export async function freshEndpoint() {
  const { endpoint } = await createWebhookEndpoint(
    { url: "http://127.0.0.1:9/authz", eventTypes: ["refund_request.decided"] },
    null,
  );
  return endpoint;
}

export async function freshFailedDelivery() {
  const endpoint = await freshEndpoint();
  await sendTestWebhook(endpoint.id, null);
  const [delivery] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpoint.id));
  return { id: delivery!.id, endpointId: endpoint.id };
}

export async function freshApiKeyId() {
  return (await createApiKey(unique("authz-key"))).record.id;
}

export async function freshStaffId() {
  return (await person(`${unique("staff")}@authz.test`, "agent")).id;
}
