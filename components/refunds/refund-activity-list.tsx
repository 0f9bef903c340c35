import Link from "next/link";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import type { AutomaticActivity, RefundActivity, RequestActivity } from "@/lib/refunds/own-activity";
import { RefundStatusBadge } from "./refund-status-badge";

function Header({ badge, title, refunded }: { badge: React.ReactNode; title: string; refunded: number }) {
  return (
    <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
      {badge}
      <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">{title}</h2>
      <span
        data-testid="refund-credits"
        className={`text-sm font-semibold tabular-nums ${refunded > 0 ? "text-emerald-700" : "text-slate-500"}`}
      >
        {refunded > 0 ? `+${credits(refunded)}` : "No credits"}
      </span>
    </div>
  );
}

function Dates({ entries }: { entries: [string, Date | null][] }) {
  return (
    <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
      {entries.map(([label, date]) =>
        date ? (
          <span key={label}>
            {label} <time dateTime={date.toISOString()}>{dateTime(date)}</time>
          </span>
        ) : null,
      )}
    </p>
  );
}

function RequestEntry({ entry }: { entry: RequestActivity }) {
  return (
    <>
      <Header
        badge={<RefundStatusBadge status={entry.status} />}
        title={entry.featureName}
        refunded={entry.creditsRefunded}
      />
      <p className="text-sm text-slate-700">
        <span className="text-slate-500">Reason: </span>
        {entry.reason}
      </p>
      {entry.decisionMessage ? (
        <p data-testid="refund-message" className="text-sm text-slate-900">
          {entry.decisionMessage}
        </p>
      ) : null}
      <Dates
        entries={[
          ["Reported", entry.at],
          ["Decided", entry.decidedAt],
        ]}
      />
    </>
  );
}

function AutomaticEntry({ entry }: { entry: AutomaticActivity }) {
  return (
    <>
      <Header
        badge={<RefundStatusBadge status="automatic" />}
        title={entry.featureName ?? "A generation"}
        refunded={entry.credits}
      />
      <p data-testid="refund-message" className="text-sm text-slate-900">
        {entry.text}
      </p>
      <Dates entries={[["Returned", entry.at]]} />
    </>
  );
}

export function RefundActivityList({ activity }: { activity: RefundActivity[] }) {
  if (activity.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <p className="font-medium text-slate-800">No refunds yet</p>
        <p className="mt-1 text-sm text-slate-500">
          When a result lets you down, right-click it in the{" "}
          <Link href="/" className="font-medium text-brand-700 hover:underline">
            gallery
          </Link>{" "}
          and choose Bad result. Failed generations are refunded here automatically.
        </p>
      </div>
    );
  }
  return (
    <ol className="space-y-3">
      {activity.map((entry) => (
        <li
          key={entry.key}
          data-testid="refund-entry"
          data-kind={entry.kind}
          className="space-y-1.5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        >
          {entry.kind === "request" ? <RequestEntry entry={entry} /> : <AutomaticEntry entry={entry} />}
        </li>
      ))}
    </ol>
  );
}
