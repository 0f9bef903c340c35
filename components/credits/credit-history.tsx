import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { dateTime } from "@/lib/format/date-time";
import type { HistoryEntry, HistoryPage } from "@/lib/ledger/history";

function Change({ entry }: { entry: HistoryEntry }) {
  if (entry.change === 0) return <span className="text-xs text-slate-500">paid from held</span>;
  const sign = entry.change > 0 ? "+" : "−";
  return (
    <span className={`font-semibold tabular-nums ${entry.change > 0 ? "text-emerald-700" : "text-slate-900"}`}>
      {sign}
      {Math.abs(entry.change)}
    </span>
  );
}

/** `basePath` is the page the history sits on, which its page links point back to. */
export function CreditHistory({ page, paged, basePath }: { page: HistoryPage; paged: boolean; basePath: string }) {
  if (page.entries.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <p className="font-medium text-slate-800">Nothing here</p>
        {paged ? (
          <Link href={basePath} className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline">
            Back to the newest
          </Link>
        ) : (
          <p className="mt-1 text-sm text-slate-500">Credits you receive and spend will be listed here.</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="hidden grid-cols-[10rem_1fr_7rem_7rem] gap-4 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 sm:grid">
          <span>When</span>
          <span>What</span>
          <span className="text-right">Change</span>
          <span className="text-right">Available after</span>
        </div>
        <ol className="divide-y divide-slate-100">
          {page.entries.map((entry) => (
            <li
              key={entry.id}
              data-testid="history-entry"
              className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-0.5 px-4 py-3 sm:grid-cols-[10rem_1fr_7rem_7rem] sm:items-center"
            >
              <time
                dateTime={entry.createdAt.toISOString()}
                className="col-span-2 text-xs text-slate-500 sm:col-span-1 sm:text-sm"
              >
                {dateTime(entry.createdAt)}
              </time>
              <span data-testid="history-text" className="text-sm text-slate-900">
                {entry.text}
              </span>
              <span className="text-right text-sm">
                <Change entry={entry} />
              </span>
              <span className="col-span-2 text-right text-xs text-slate-500 sm:col-span-1 sm:text-sm sm:text-slate-700">
                <span className="sm:hidden">Available after </span>
                <span data-testid="history-available-after" className="tabular-nums">
                  {entry.availableAfter}
                </span>
              </span>
            </li>
          ))}
        </ol>
      </div>
      <nav aria-label="History pages" className="flex justify-between gap-3">
        {page.newer === null ? (
          <span />
        ) : (
          <Link href={`${basePath}?after=${page.newer}`} className={buttonClasses("secondary")}>
            ← Newer
          </Link>
        )}
        {page.older === null ? null : (
          <Link href={`${basePath}?before=${page.older}`} className={buttonClasses("secondary")}>
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
