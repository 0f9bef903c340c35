import Link from "next/link";
import { RefundStatusBadge } from "@/components/refunds/refund-status-badge";
import type { CustomerOverview } from "@/lib/admin/customers";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { generationStatusLabels, platformLabels } from "@/lib/generations/labels.shared";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";

/** The read-only parts of an admin's customer page, rendered on the server. */

export function SuspendedBadge() {
  return (
    <span
      data-testid="suspended-badge"
      className="rounded-full bg-red-100 px-2.5 py-0.5 text-xs font-medium text-red-800"
    >
      Suspended
    </span>
  );
}

export function BalanceFacts({ balance }: { balance: CustomerOverview["balance"] }) {
  const figures = [
    { label: "Available", value: balance.available, testId: "admin-balance-available" },
    { label: "Held", value: balance.held, testId: "admin-balance-held" },
    { label: "Posted", value: balance.posted, testId: "admin-balance-posted" },
  ];
  return (
    <dl className="grid grid-cols-3 gap-3">
      {figures.map((figure) => (
        <div key={figure.label}>
          <dt className="text-xs text-slate-500">{figure.label}</dt>
          <dd data-testid={figure.testId} className="text-xl font-semibold tabular-nums">
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function GenerationList({ generations }: { generations: CustomerOverview["generations"] }) {
  if (generations.length === 0) return <p className="text-sm text-slate-500">No generations yet.</p>;
  return (
    <ul aria-label="Generations" className="divide-y divide-slate-100 text-sm">
      {generations.map((generation) => (
        <li
          key={generation.id}
          data-testid="admin-generation"
          className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-2"
        >
          <span className="min-w-0">
            <span className="font-medium text-slate-900">{generation.featureName}</span>
            <span className="text-slate-500">
              {" "}
              · {platformLabels[generation.platform]} · {credits(generation.cost)}
            </span>
            <span className="block break-all text-xs text-slate-500">
              {generation.id} · {dateTime(generation.createdAt)}
            </span>
          </span>
          <span className="text-slate-700">
            {generationStatusLabels[generation.status]}
            {generation.refundStatus ? ` · ${refundStatusLabels[generation.refundStatus]}` : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function RefundRequestList({ requests }: { requests: CustomerOverview["refundRequests"] }) {
  if (requests.length === 0) return <p className="text-sm text-slate-500">No refund requests yet.</p>;
  return (
    <ul aria-label="Refund requests" className="divide-y divide-slate-100 text-sm">
      {requests.map((request) => (
        <li
          key={request.id}
          data-testid="admin-refund-request"
          className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2"
        >
          <span className="min-w-0">
            <Link href={`/support/requests/${request.id}`} className="font-medium text-brand-700 hover:underline">
              {request.featureName}
            </Link>
            <span className="block text-xs text-slate-500">
              {dateTime(request.createdAt)}
              {request.decisionCode ? (
                <>
                  {" "}
                  · <code data-testid="decision-code">{request.decisionCode}</code>
                </>
              ) : null}
              {request.creditsRefunded > 0 ? ` · ${credits(request.creditsRefunded)} back` : null}
            </span>
          </span>
          <RefundStatusBadge status={request.status} testId="request-status" />
        </li>
      ))}
    </ul>
  );
}
