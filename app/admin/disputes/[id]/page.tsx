import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { customerPath } from "@/components/admin/customer-path";
import { BalanceFacts, SuspendedBadge } from "@/components/admin/customer-sections";
import { DisputeEvidenceFacts, DeliveredGenerations, EarlierRequests } from "@/components/admin/dispute-sections";
import { DisputeFindingForm } from "@/components/admin/dispute-finding-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { isDomainError } from "@/lib/errors";
import { dateTime } from "@/lib/format/date-time";
import { deliveredShown, disputeEvidence } from "@/lib/purchases/dispute-review";
import { disputeFindingLabels, disputeStatusLabels } from "@/lib/purchases/dispute-labels.shared";

export const metadata: Metadata = { title: "Dispute" };

export default async function DisputePage({ params }: PageProps<"/admin/disputes/[id]">) {
  await requirePageUser(adminRoles);
  // Next hands the segment over percent-encoded, and host ids may hold ":".
  const id = decodeURIComponent((await params).id);
  const evidence = await disputeEvidence(id).catch((error: unknown) => {
    if (isDomainError(error) && error.code === "dispute.not_found") notFound();
    throw error;
  });
  const { dispute, customer } = evidence;
  const reviewable = dispute.status === "open" && dispute.finding === null;
  return (
    <div className="space-y-5">
      <Link href="/admin/disputes" className="text-sm font-medium text-brand-700 hover:underline">
        ← Disputes
      </Link>
      <PageHeader
        title={`Dispute on ${evidence.productName}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {customer.suspendedAt ? <SuspendedBadge /> : null}
            {customer.frozenAt ? (
              <span
                data-testid="frozen-badge"
                className="rounded-full bg-sky-100 px-2.5 py-0.5 text-xs font-medium text-sky-800"
              >
                Frozen
              </span>
            ) : null}
            <span
              data-testid="dispute-status"
              className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-800"
            >
              {disputeStatusLabels[dispute.status]}
            </span>
          </div>
        }
      >
        <Link href={customerPath(customer.id)} className="hover:underline">
          {customer.email}
        </Link>{" "}
        · dispute <code>{dispute.id}</code> · opened {dateTime(dispute.openedAt)}
      </PageHeader>
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          <Card title="Purchase and dispute">
            <DisputeEvidenceFacts evidence={evidence} />
          </Card>
          <Card
            title={`Delivered since the purchase (${evidence.delivered.length}${evidence.delivered.length === deliveredShown ? "+" : ""})`}
          >
            <DeliveredGenerations generations={evidence.delivered} />
          </Card>
          <Card title="Refund requests">
            <EarlierRequests requests={evidence.requests} />
          </Card>
        </div>
        <div className="space-y-5">
          <Card title="Balance">
            <BalanceFacts balance={evidence.balance} />
          </Card>
          <Card title="Finding">
            <DisputeFindingForm disputeId={dispute.id} reviewable={reviewable}>
              {dispute.finding ? (
                <div data-testid="dispute-finding" className="space-y-1 text-sm">
                  <p className="font-medium text-slate-900">{disputeFindingLabels[dispute.finding]}</p>
                  <p className="text-slate-600">
                    {evidence.foundBy ?? "An admin"}
                    {dispute.foundAt ? `, ${dateTime(dispute.foundAt)}` : null}
                  </p>
                  {dispute.findingNote ? (
                    <p className="whitespace-pre-wrap text-slate-700">{dispute.findingNote}</p>
                  ) : null}
                </div>
              ) : (
                <p className="text-sm text-slate-500">The dispute ended before anyone reviewed it.</p>
              )}
            </DisputeFindingForm>
          </Card>
        </div>
      </div>
    </div>
  );
}
