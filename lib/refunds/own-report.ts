import "server-only";
import type { RefundReason, RefundStatus } from "@/db/enums";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { credits } from "@/lib/format/credits.shared";
import { submitRefundRequest } from "./service";

/** The web's "Bad result": the signed-in customer reports their own generation, and hears the outcome in one sentence. */
export async function reportBadResult(
  user: CurrentUser,
  report: { generationId: string; reason: RefundReason; details: string },
): Promise<{ outcome: RefundStatus; message: string }> {
  const request = await submitRefundRequest({
    ...report,
    customerId: ownCustomerId(user),
    source: "web",
    actorId: user.id,
  });
  if (request.status === "approved")
    return { outcome: "approved", message: `${credits(request.creditsRefunded)} refunded` };
  return { outcome: request.status, message: request.decisionMessage };
}
