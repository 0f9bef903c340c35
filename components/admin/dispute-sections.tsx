import Link from "next/link";
import { RefundStatusBadge } from "@/components/refunds/refund-status-badge";
import { ZoomableImage } from "@/components/support/zoomable-image";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { money } from "@/lib/format/money.shared";
import { disputeStatusLabels } from "@/lib/purchases/dispute-labels.shared";
import type { DisputeEvidence } from "@/lib/purchases/dispute-review";
import { productKindLabels, purchaseStatusLabels } from "@/lib/purchases/labels.shared";

/** The read-only evidence on a dispute's page, rendered on the server. */

export function DisputeEvidenceFacts({ evidence }: { evidence: DisputeEvidence }) {
  const { dispute, purchase } = evidence;
  const rows: [string, React.ReactNode][] = [
    ["Product", `${evidence.productName} (${productKindLabels[purchase.kind]})`],
    ["Charged", money(purchase.amount, purchase.currency)],
    ["Credits granted", credits(purchase.credits)],
    ["Bought", dateTime(purchase.purchasedAt)],
    ["Paid through", purchase.paymentRef ? `${purchase.provider} · ${purchase.paymentRef}` : purchase.provider],
    ["Purchase status", purchaseStatusLabels[purchase.status]],
    [
      "Refunded so far",
      `${money(purchase.moneyRefunded, purchase.currency)} · ${credits(purchase.creditsReversed)} reversed`,
    ],
    ["Dispute", `${disputeStatusLabels[dispute.status]}${dispute.reason ? ` · ${dispute.reason}` : ""}`],
    ["Opened", dateTime(dispute.openedAt)],
    ["Closed", dispute.closedAt ? dateTime(dispute.closedAt) : "Still open"],
    [
      "Held by the dispute",
      <span key="held" data-testid="dispute-held">
        {credits(dispute.heldCredits)}
      </span>,
    ],
  ];
  return (
    <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function DeliveredGenerations({ generations }: { generations: DisputeEvidence["delivered"] }) {
  if (generations.length === 0) {
    return <p className="text-sm text-slate-500">Nothing was delivered to them after the purchase.</p>;
  }
  return (
    <ul aria-label="Delivered generations" className="grid grid-cols-2 gap-4 sm:grid-cols-3">
      {generations.map((generation) => (
        <li key={generation.id} data-testid="delivered-generation" className="space-y-1 text-xs text-slate-600">
          <ZoomableImage src={generation.outputUrl} label={generation.featureName} />
          <p className="break-all">
            {credits(generation.cost)} · {dateTime(generation.createdAt)}
          </p>
          <p data-testid="download-state">
            {generation.downloadedAt ? `Downloaded ${dateTime(generation.downloadedAt)}` : "Not downloaded"}
          </p>
        </li>
      ))}
    </ul>
  );
}

function figuresOf(request: DisputeEvidence["requests"][number]): string | null {
  if (request.kind === "generation")
    return request.creditsRefunded > 0 ? `${credits(request.creditsRefunded)} back` : null;
  if (request.creditsReversed === null || request.moneyRefunded === null || request.currency === null) return null;
  return `${money(request.moneyRefunded, request.currency)} refunded · ${credits(request.creditsReversed)} reversed`;
}

export function EarlierRequests({ requests }: { requests: DisputeEvidence["requests"] }) {
  if (requests.length === 0) return <p className="text-sm text-slate-500">They have asked for no refund.</p>;
  return (
    <ul aria-label="Refund requests" className="divide-y divide-slate-100 text-sm">
      {requests.map((request) => {
        const figures = figuresOf(request);
        return (
          <li
            key={request.id}
            data-testid="dispute-refund-request"
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2"
          >
            <span className="min-w-0">
              <Link href={`/support/requests/${request.id}`} className="font-medium text-brand-700 hover:underline">
                {request.kind === "purchase" ? `Purchase ${request.purchaseId}` : "Bad result"}
              </Link>
              <span className="block text-xs text-slate-500">
                {dateTime(request.createdAt)}
                {request.decisionCode ? ` · ${request.decisionCode}` : null}
                {figures ? ` · ${figures}` : null}
              </span>
            </span>
            <RefundStatusBadge status={request.status} />
          </li>
        );
      })}
    </ul>
  );
}
