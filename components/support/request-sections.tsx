import Link from "next/link";
import type { RefundStatus, RequestSource } from "@/db/enums";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { relativeTime } from "@/lib/format/relative-time.shared";
import { contextLabels, platformLabels } from "@/lib/generations/labels.shared";
import type { Verdict } from "@/lib/refunds/policy";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";
import { ruleLabel, verdictLabels } from "@/lib/support/labels";
import type { GenerationSubject, Outcomes, ReviewDetail } from "@/lib/support/review-detail";
import { span } from "./sla-chip";

/** The read-only parts of the request page, rendered on the server. */

export function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function GenerationFacts({
  generation,
  source,
}: {
  generation: GenerationSubject["generation"];
  source: RequestSource;
}) {
  const took = (finishedAt: Date) => {
    const ms = finishedAt.getTime() - generation.createdAt.getTime();
    return ms < 60_000 ? `${Math.round(ms / 1000)} s` : span(ms);
  };
  return (
    <Facts
      rows={[
        ["Feature", generation.featureName],
        ["Platform", platformLabels[generation.platform]],
        ["Context", contextLabels[generation.context]],
        ["Model version", generation.modelVersion ?? <span className="text-slate-500">Not recorded</span>],
        [
          "Prompt",
          generation.prompt ? (
            <span className="whitespace-pre-wrap">{generation.prompt}</span>
          ) : (
            <span className="text-slate-500">None</span>
          ),
        ],
        ["Started", dateTime(generation.createdAt)],
        [
          "Finished",
          generation.finishedAt
            ? `${dateTime(generation.finishedAt)} (took ${took(generation.finishedAt)})`
            : "Still running",
        ],
        ["Charged", credits(generation.capturedCredits)],
        [
          "Generation",
          <code key="id" className="text-xs">
            {generation.id}
          </code>,
        ],
        ["Reported from", source === "web" ? "The web app" : "The host API (a mobile or partner client)"],
      ]}
    />
  );
}

export function QualityReport({ quality }: { quality: GenerationSubject["quality"] }) {
  const { check, findings } = quality;
  if (!check) return <p className="text-sm text-slate-500">No quality check was recorded for this output.</p>;
  if (check.status === "pending") return <p className="text-sm text-slate-500">The output is still being checked.</p>;
  if (check.status === "not_applicable") {
    return (
      <p className="text-sm text-slate-500">
        Not checked: {check.problem ?? "the checks do not apply to this output"}.
      </p>
    );
  }
  if (check.status === "unavailable") {
    return (
      <p className="text-sm text-amber-700">
        The output could not be checked: {check.problem ?? "it could not be fetched"}.
      </p>
    );
  }
  const expected =
    check.expectedWidth && check.expectedHeight ? `${check.expectedWidth}×${check.expectedHeight}` : "none given";
  return (
    <div className="space-y-3">
      {findings.length > 0 ? (
        <ul className="space-y-1 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {findings.map((finding) => (
            <li key={finding}>{finding}</li>
          ))}
        </ul>
      ) : (
        <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          The checks found nothing that makes the output clearly unusable.
        </p>
      )}
      <Facts
        rows={[
          ["Decodes", check.decodes ? `Yes${check.format ? `, as ${check.format.toUpperCase()}` : ""}` : "No"],
          ["Size", check.width && check.height ? `${check.width}×${check.height} (expected: ${expected})` : "Unknown"],
          ["Single colour", check.uniform ? "Yes" : "No"],
          ["Spread", check.spread === null ? "Unknown" : check.spread.toFixed(2)],
          ["Checked", check.checkedAt ? dateTime(check.checkedAt) : "Not yet"],
        ]}
      />
    </div>
  );
}

const verdictTones: Record<Verdict, string> = {
  pass: "bg-slate-100 text-slate-600",
  off: "bg-slate-50 text-slate-500",
  review: "bg-amber-100 text-amber-800",
  approve: "bg-emerald-100 text-emerald-800",
  deny: "bg-red-100 text-red-700",
};

export function PolicyTrace({ trace, version }: { trace: ReviewDetail["request"]["trace"]; version: number }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        Every rule of policy version {version}, in order; the first to deny, approve or ask for review decided.
      </p>
      <ol className="divide-y divide-slate-100">
        {trace.map((entry) => (
          <li
            key={entry.rule}
            data-testid="trace-entry"
            data-verdict={entry.verdict}
            className="grid grid-cols-[minmax(0,9rem)_4.5rem_minmax(0,1fr)] items-start gap-x-3 py-2 text-sm max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-y-1"
          >
            <span className="font-medium text-slate-800">{ruleLabel(entry.rule)}</span>
            <span
              className={`justify-self-start rounded px-1.5 py-0.5 text-xs font-medium ${verdictTones[entry.verdict]}`}
            >
              {verdictLabels[entry.verdict]}
            </span>
            <span className="text-slate-600 max-sm:col-span-2">{entry.detail}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function OutcomeRow({ label, last30, last90 }: { label: string; last30: number; last90: number }) {
  return (
    <tr>
      <th scope="row" className="py-1 pr-3 text-left font-normal text-slate-600">
        {label}
      </th>
      <td className="py-1 text-right tabular-nums">{last30}</td>
      <td className="py-1 text-right tabular-nums">{last90}</td>
    </tr>
  );
}

function total(outcomes: Outcomes): number {
  return outcomes.approved + outcomes.denied + outcomes.in_review;
}

export function CustomerHistory({ customer, now }: { customer: ReviewDetail["customer"]; now: Date }) {
  const share = customer.spentCredits > 0 ? Math.round((100 * customer.refundedCredits) / customer.spentCredits) : null;
  return (
    <div className="space-y-4 text-sm">
      <div>
        <p className="break-all font-medium text-slate-900">{customer.email}</p>
        <p className="text-slate-600">
          {customer.name ? `${customer.name} · ` : null}signed up{" "}
          {relativeTime(customer.signedUpAt.toISOString(), now.getTime())}
        </p>
        {customer.suspended ? <p className="mt-1 font-medium text-red-700">The account is suspended.</p> : null}
      </div>
      <table className="w-full" data-testid="request-history">
        <caption className="mb-1 text-left font-medium text-slate-800">Refund requests, this one included</caption>
        <thead>
          <tr className="text-xs text-slate-500">
            <td />
            <th scope="col" className="text-right font-medium">
              30 days
            </th>
            <th scope="col" className="text-right font-medium">
              90 days
            </th>
          </tr>
        </thead>
        <tbody>
          <OutcomeRow label="Refunded" last30={customer.last30Days.approved} last90={customer.last90Days.approved} />
          <OutcomeRow label="Not refunded" last30={customer.last30Days.denied} last90={customer.last90Days.denied} />
          <OutcomeRow label="In review" last30={customer.last30Days.in_review} last90={customer.last90Days.in_review} />
          <tr className="border-t border-slate-100 font-medium">
            <th scope="row" className="py-1 pr-3 text-left">
              All
            </th>
            <td className="py-1 text-right tabular-nums">{total(customer.last30Days)}</td>
            <td className="py-1 text-right tabular-nums">{total(customer.last90Days)}</td>
          </tr>
        </tbody>
      </table>
      <div>
        <p className="font-medium text-slate-800">Refunded share of spend, 30 days</p>
        <p data-testid="refunded-share" className="text-slate-600">
          {share === null
            ? "Nothing spent in 30 days."
            : `${share}%: ${credits(customer.refundedCredits)} refunded of ${credits(customer.spentCredits)} spent`}
        </p>
      </div>
      {customer.recent.length > 0 ? (
        <div>
          <p className="font-medium text-slate-800">Other requests, 90 days</p>
          <ul className="mt-1 space-y-1">
            {customer.recent.map((request) => (
              <li key={request.id} className="flex items-baseline justify-between gap-2">
                <Link
                  href={`/support/requests/${request.id}`}
                  prefetch={false}
                  className="min-w-0 truncate text-brand-700 hover:underline"
                >
                  {request.subject}: {request.reasonLabel}
                </Link>
                <span className="shrink-0 text-xs text-slate-500">
                  {refundStatusLabels[request.status]} · {relativeTime(request.createdAt.toISOString(), now.getTime())}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function DecisionSummary({
  decision,
  status,
}: {
  decision: NonNullable<ReviewDetail["request"]["decision"]>;
  status: RefundStatus;
}) {
  const by = decision.decidedBy === "policy" ? "the refund policy" : (decision.deciderName ?? "an agent");
  return (
    <div className="space-y-2 text-sm">
      <p className="font-medium text-slate-900">
        {status === "approved" ? `${refundStatusLabels.approved} · ${decision.refunded}` : refundStatusLabels[status]}
      </p>
      <p className="text-slate-600">
        Decided by {by} on {dateTime(decision.decidedAt)} <code className="text-xs">({decision.code})</code>.
      </p>
      <blockquote className="border-l-2 border-slate-200 pl-3 text-slate-700">{decision.message}</blockquote>
    </div>
  );
}
