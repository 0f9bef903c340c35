import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import type { RefundStatus } from "@/db/enums";
import { features, generations, ledgerAccounts, refundRequests, transfers } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { describedTransferColumns } from "@/lib/ledger/history";
import { describeTransfer } from "@/lib/ledger/history-words";
import { reasonLabel } from "./reasons.shared";
import { reportedReason } from "./request-kinds";

export type RequestActivity = {
  kind: "request";
  key: string;
  at: Date;
  featureName: string;
  reason: string;
  status: RefundStatus;
  decisionMessage: string | null;
  decidedAt: Date | null;
  creditsRefunded: number;
};

/** A failed or expired generation whose hold was released: credits that came back without a request. */
export type AutomaticActivity = {
  kind: "automatic";
  key: string;
  at: Date;
  featureName: string | null;
  text: string;
  credits: number;
};

export type RefundActivity = RequestActivity | AutomaticActivity;

const shown = 100;

/**
 * Every way credits came back to the customer for a generation, newest first: their requests and the
 * automatic refunds. The newest `shown` of the two together are among the newest `shown` of each.
 */
export async function ownRefundActivity(user: CurrentUser): Promise<RefundActivity[]> {
  const customerId = ownCustomerId(user);
  return db.transaction(
    async (tx) => {
      const requests = await tx
        .select({
          id: refundRequests.id,
          createdAt: refundRequests.createdAt,
          featureName: features.name,
          reason: reportedReason,
          status: refundRequests.status,
          decisionMessage: refundRequests.decisionMessage,
          decidedAt: refundRequests.decidedAt,
          creditsRefunded: refundRequests.creditsRefunded,
        })
        .from(refundRequests)
        .innerJoin(generations, eq(generations.id, refundRequests.generationId))
        .innerJoin(features, eq(features.key, generations.featureKey))
        .where(eq(refundRequests.customerId, customerId))
        .orderBy(desc(refundRequests.createdAt), desc(refundRequests.id))
        .limit(shown);
      const releases = await tx
        .select(describedTransferColumns)
        .from(transfers)
        .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, transfers.customerAccountId))
        .leftJoin(generations, eq(generations.id, transfers.generationId))
        .leftJoin(features, eq(features.key, generations.featureKey))
        .where(and(eq(ledgerAccounts.customerId, customerId), eq(transfers.kind, "release")))
        .orderBy(desc(transfers.id))
        .limit(shown);
      const activity: RefundActivity[] = [
        ...requests.map(({ id, createdAt, reason, ...request }): RequestActivity => ({
          kind: "request",
          key: `request-${id}`,
          at: createdAt,
          reason: reasonLabel(reason),
          ...request,
        })),
        ...releases.map((release): AutomaticActivity => ({
          kind: "automatic",
          key: `release-${release.id}`,
          at: release.createdAt,
          featureName: release.featureName,
          text: describeTransfer({ ...release, towardsCustomer: true }).text,
          credits: release.amount,
        })),
      ];
      return activity.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, shown);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
