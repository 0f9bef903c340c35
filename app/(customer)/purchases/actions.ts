"use server";

import { z } from "zod";
import { purchaseRefundReasons } from "@/db/enums";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { requestPurchaseRefund } from "@/lib/purchases/refund-requests";
import { maxDetailsLength } from "@/lib/refunds/reasons.shared";

const refundSchema = z.object({
  purchaseId: z.string().min(1, "Choose a purchase.").max(128),
  reason: z.enum(purchaseRefundReasons, "Choose why you want a refund."),
  details: z
    .string("Tell us why you want a refund.")
    .trim()
    .min(1, "Tell us why you want a refund.")
    .max(maxDetailsLength, `Please keep it under ${maxDetailsLength} characters.`),
});

/**
 * "Request a refund" and the duplicate banner's one click: the outcome is the decision's own sentence.
 * The page is not revalidated here: that would unmount the dialog telling the outcome. Each caller
 * refreshes the list itself once the customer has read it.
 */
export const requestPurchaseRefundAction = authorizedAction(
  customerRoles,
  refundSchema,
  async (input, user) => {
    const request = await requestPurchaseRefund({
      ...input,
      customerId: ownCustomerId(user),
      source: "web",
      actorId: user.id,
    });
    return { message: request.decisionMessage, outcome: request.status };
  },
  { limit: "purchase_refund.request" },
);
