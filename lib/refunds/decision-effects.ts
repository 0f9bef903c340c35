import "server-only";
import type { Executor } from "@/db/client";
import { credits } from "@/lib/format/credits.shared";
import { recordTransfer } from "@/lib/ledger/transfers";
import { notifyCustomer } from "@/lib/notifications/notify";
import { together } from "@/lib/sql/together";

export type LandedDecision = {
  requestId: string;
  customerId: string;
  generationId: string;
  featureName: string;
  approved: boolean;
  creditsRefunded: number;
  message: string;
  /** The code the refund transfer carries as its memo. */
  code: string;
  actorId: string | null;
};

/**
 * What follows a decision, by the policy or by an agent, inside its transaction: the refund when it is
 * approved, under the one key a generation's refund can have, and the customer's notification.
 */
export async function applyDecision(tx: Executor, decision: LandedDecision): Promise<void> {
  const { requestId, customerId, generationId, featureName, approved, creditsRefunded, message } = decision;
  await together(
    approved &&
      recordTransfer(tx, {
        kind: "refund",
        idempotencyKey: `refund:${generationId}`,
        customerId,
        amount: creditsRefunded,
        generationId,
        memo: decision.code,
        actorId: decision.actorId ?? undefined,
      }),
    notifyCustomer(tx, {
      customerId,
      refundRequestId: requestId,
      title: approved ? `${credits(creditsRefunded)} refunded` : `Not refunded: ${featureName}`,
      body: approved ? `Your ${featureName} report: ${message}` : message,
    }),
  );
}
