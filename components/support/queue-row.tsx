"use client";

import Link from "next/link";
import { relativeTime } from "@/lib/format/relative-time.shared";
import type { QueueItem } from "@/lib/support/queue";
import { KindBadge } from "./kind-badge";
import { SlaChip } from "./sla-chip";

/** The columns, shared with the header row above the list. */
export const queueColumns =
  "grid grid-cols-[1.25rem_minmax(0,1fr)] gap-x-3 gap-y-1 md:grid-cols-[1.25rem_9.5rem_minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,2fr)] md:items-center";

const cell = "col-start-2 md:col-start-auto";

export function QueueRow({
  item,
  viewerId,
  now,
  selected,
  active,
  onToggle,
  onFocus,
  linkRef,
}: {
  item: QueueItem;
  viewerId: string;
  now: number;
  selected: boolean;
  active: boolean;
  onToggle: (shiftKey: boolean) => void;
  onFocus: () => void;
  linkRef: (element: HTMLAnchorElement | null) => void;
}) {
  return (
    <li
      data-testid="queue-row"
      data-request-id={item.id}
      data-active={active || undefined}
      className={`relative px-3 py-3 ${queueColumns} ${selected ? "bg-brand-50/70" : "bg-white hover:bg-slate-50"} data-active:shadow-[inset_3px_0_0_var(--color-brand-600)] has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-inset has-[a:focus-visible]:ring-brand-500`}
    >
      <input
        type="checkbox"
        aria-label={`Select the request from ${item.customerEmail}`}
        checked={selected}
        // Shift rides on the click that changes a checkbox, by mouse or by Space alike.
        onChange={(event) => onToggle(event.nativeEvent instanceof MouseEvent && event.nativeEvent.shiftKey)}
        className="relative z-10 row-span-5 mt-0.5 size-4 cursor-pointer accent-brand-600 md:row-span-1 md:mt-0"
      />
      <div className={`${cell} flex flex-wrap items-center gap-x-2 gap-y-1`}>
        <SlaChip msLeft={item.msLeft} tone={item.tone} />
        <time dateTime={item.createdAt} suppressHydrationWarning className="text-xs text-slate-600">
          {relativeTime(item.createdAt, now)}
        </time>
      </div>
      <div className={`${cell} min-w-0`}>
        <Link
          ref={linkRef}
          href={`/support/requests/${item.id}`}
          // Opening a request claims it, so only a real visit may load it.
          prefetch={false}
          onFocus={onFocus}
          // J and K move focus along the rows; this tells a screen reader which one the keys act on.
          aria-current={active || undefined}
          className="block truncate text-sm font-medium text-slate-900 outline-none after:absolute after:inset-0 hover:underline"
        >
          {item.customerEmail}
        </Link>
        {item.claimedBy ? (
          <p data-testid="claimed-by" className="truncate text-xs text-amber-700">
            Claimed by {item.claimedBy.id === viewerId ? "you" : item.claimedBy.name}
          </p>
        ) : null}
      </div>
      <p className={`${cell} flex min-w-0 items-center gap-2 text-sm text-slate-700`}>
        <KindBadge kind={item.kind} />
        <span className="truncate">{item.subject}</span>
      </p>
      <p className={`${cell} truncate text-sm text-slate-700`}>{item.reasonLabel}</p>
      <p className={`${cell} line-clamp-2 text-sm text-slate-600 md:line-clamp-1`}>{item.detailsStart}</p>
    </li>
  );
}
