import type { Metadata } from "next";
import Link from "next/link";
import { customerPath } from "@/components/admin/customer-path";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { money } from "@/lib/format/money.shared";
import { relativeTime } from "@/lib/format/relative-time.shared";
import { disputeFindingLabels, disputeStatusLabels } from "@/lib/purchases/dispute-labels.shared";
import { disputesForReview, endedShown, type ListedDispute } from "@/lib/purchases/dispute-review";

export const metadata: Metadata = { title: "Disputes" };

function DisputeRow({ dispute, now }: { dispute: ListedDispute; now: number }) {
  const open = dispute.status === "open";
  return (
    <li
      data-testid={open ? "open-dispute" : "ended-dispute"}
      className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-2.5"
    >
      <span className="min-w-0">
        <Link
          href={`/admin/disputes/${encodeURIComponent(dispute.id)}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {dispute.productName} · {money(dispute.amount, dispute.currency)}
        </Link>
        <span className="block break-all text-xs text-slate-500">
          <Link href={customerPath(dispute.customerId)} className="hover:underline">
            {dispute.customerEmail}
          </Link>{" "}
          · purchase {dispute.purchaseId} · dispute {dispute.id}
          {dispute.reason ? ` · ${dispute.reason}` : null}
        </span>
      </span>
      <span className="text-right text-sm text-slate-700">
        {open ? (
          <>
            <span data-testid="held-credits">{credits(dispute.heldCredits)} held</span> · opened{" "}
            <time dateTime={dispute.openedAt.toISOString()} title={dateTime(dispute.openedAt)}>
              {relativeTime(dispute.openedAt.toISOString(), now)}
            </time>
          </>
        ) : (
          <span data-testid="dispute-outcome">
            {disputeStatusLabels[dispute.status]}
            {dispute.closedAt ? ` ${dateTime(dispute.closedAt)}` : null}
          </span>
        )}
        {dispute.finding ? (
          <span className="block text-xs text-slate-500">{disputeFindingLabels[dispute.finding]}</span>
        ) : null}
      </span>
    </li>
  );
}

export default async function DisputesPage() {
  await requirePageUser(adminRoles);
  const { open, ended } = await disputesForReview();
  const now = new Date().getTime();
  return (
    <div className="space-y-5">
      <PageHeader title="Disputes">
        Chargebacks on purchases. An open dispute freezes the customer and holds the purchase&apos;s unspent credits
        until its outcome; find it fraudulent or legitimate from its evidence.
      </PageHeader>
      <Card title={`Open (${open.length})`}>
        {open.length === 0 ? (
          <p className="text-sm text-slate-500">No dispute is open.</p>
        ) : (
          <ul aria-label="Open disputes" className="divide-y divide-slate-100">
            {open.map((dispute) => (
              <DisputeRow key={dispute.id} dispute={dispute} now={now} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="Ended">
        {ended.length === 0 ? (
          <p className="text-sm text-slate-500">No dispute has ended yet.</p>
        ) : (
          <>
            <ul aria-label="Ended disputes" className="divide-y divide-slate-100">
              {ended.map((dispute) => (
                <DisputeRow key={dispute.id} dispute={dispute} now={now} />
              ))}
            </ul>
            {ended.length === endedShown ? (
              <p className="mt-2 text-xs text-slate-500">The latest {endedShown} are shown.</p>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
