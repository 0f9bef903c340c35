import type { WebhookEventType } from "@/db/enums";

/** What each event type reports, in the words the admin screens use beside its name. */
export const webhookEventMeaning: Record<WebhookEventType, string> = {
  "generation.refunded": "A failed or expired generation's credits were released.",
  "refund_request.created": "A customer reported a bad result.",
  "refund_request.decided": "The policy or an agent decided a report.",
  "purchase.created": "A purchase was recorded.",
  "purchase.refunded": "A purchase was refunded.",
  "dispute.updated": "A payment dispute changed.",
  "customer.frozen": "A customer's account was frozen by a dispute.",
  "customer.suspended": "An admin suspended a customer.",
  "customer.reinstated": "An admin reinstated a customer.",
};

/** A form sends each chosen event type as its own checkbox, named by this. */
export const eventTypeField = (type: WebhookEventType) => `event:${type}`;
