"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { decideManyAction, reviewNextAction } from "@/app/support/actions";
import { Button } from "@/components/ui/button";
import { sentValues } from "@/components/ui/use-form-action";
import { idleState, type ActionState } from "@/lib/auth/action-state.shared";
import type { QueueCounts, QueuePage } from "@/lib/support/queue";
import { ApproveDialog, DenyDialog, type FormError } from "./decision-dialogs";
import {
  fetchQueue,
  filterSearch,
  rememberQueueUrl,
  supportQueueKey,
  supportQueuesKey,
  type QueueFilterParams,
} from "./queue-api";
import { QueueFilters } from "./queue-filters";
import { QueueRow, queueColumns } from "./queue-row";
import { Kbd, ShortcutsDialog, type ShortcutHelp } from "./shortcuts-dialog";
import { useShortcuts } from "./use-shortcuts";

// Other agents take and decide requests all the time; this is how stale the list may get.
const pollMs = 5_000;

const shortcuts: ShortcutHelp = [
  { keys: ["J"], does: "Next request in the list" },
  { keys: ["K"], does: "Previous request in the list" },
  { keys: ["X"], does: "Select or unselect that request" },
  { keys: ["Shift", "click"], does: "Select a range of checkboxes" },
  { keys: ["O"], does: "Open it (Enter works too)" },
  { keys: ["A"], does: "Approve the selected requests, or the one you are on" },
  { keys: ["D"], does: "Deny them with a reason" },
  { keys: ["Esc"], does: "Clear the selection" },
  { keys: ["R"], does: "Start reviewing: open the oldest request nobody has" },
  { keys: ["?"], does: "Show these shortcuts" },
];

function requests(count: number): string {
  return count === 1 ? "1 request" : `${count} requests`;
}

function Counts({ counts }: { counts: QueueCounts }) {
  const tiles = [
    { label: "Pending", value: counts.pending, tone: "text-slate-900", testId: "count-pending" },
    { label: "Breaching within 2 h", value: counts.breachingSoon, tone: "text-amber-700", testId: "count-soon" },
    { label: "Breached", value: counts.breached, tone: "text-red-700", testId: "count-breached" },
  ];
  return (
    <dl className="grid grid-cols-3 gap-3">
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-xl border border-slate-200 bg-white px-3 py-2.5 shadow-sm sm:px-4">
          <dt className="text-xs font-medium text-slate-600">{tile.label}</dt>
          <dd data-testid={tile.testId} className={`text-2xl font-semibold tabular-nums ${tile.tone}`}>
            {tile.value.toLocaleString("en")}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function QueueView({
  initial,
  initialFilters,
  features,
  viewerId,
}: {
  initial: QueuePage;
  viewerId: string;
  initialFilters: QueueFilterParams;
  features: { key: string; name: string }[];
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState(initialFilters);
  const search = filterSearch(filters).toString();
  const { data, dataUpdatedAt, isError, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteQuery({
    queryKey: supportQueueKey(filters),
    queryFn: ({ pageParam }) => fetchQueue(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    initialData:
      search === filterSearch(initialFilters).toString() ? { pages: [initial], pageParams: [undefined] } : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: pollMs,
  });
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  const counts = data?.pages[0]?.counts ?? initial.counts;

  useEffect(() => {
    const url = search ? `/support?${search}` : "/support";
    window.history.replaceState(null, "", url);
    rememberQueueUrl(url);
  }, [search]);

  // Kept by id, so that a refresh that adds, drops or reorders rows leaves the agent's choice alone.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const links = useRef(new Map<string, HTMLAnchorElement>());
  const [dialog, setDialog] = useState<"approve" | "deny" | "help" | null>(null);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [result, setResult] = useState<string[] | null>(null);
  // Fixed when the dialog opens: a refresh while it is open must not change what the agent confirms.
  const [deciding, setDeciding] = useState<string[]>([]);

  const chosen = items.filter((item) => selected.has(item.id));
  const targets = chosen.length > 0 ? chosen : items.filter((item) => item.id === active);

  function toggle(id: string, range: boolean) {
    const next = new Set(selected);
    const check = !selected.has(id);
    const from = items.findIndex((item) => item.id === anchor.current);
    const to = items.findIndex((item) => item.id === id);
    const picked =
      range && from >= 0
        ? items.slice(Math.min(from, to), Math.max(from, to) + 1)
        : items.filter((item) => item.id === id);
    for (const item of picked) {
      if (check) next.add(item.id);
      else next.delete(item.id);
    }
    anchor.current = id;
    setSelected(next);
  }

  function toggleAll() {
    setSelected(chosen.length === items.length ? new Set() : new Set(items.map((item) => item.id)));
    anchor.current = null;
  }

  function move(by: number) {
    const index = items.findIndex((item) => item.id === active);
    const next = index < 0 ? (by > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + by));
    const target = items[next];
    if (!target) return;
    const { id } = target;
    setActive(id);
    links.current.get(id)?.focus();
  }

  function openDecision(kind: "approve" | "deny") {
    if (targets.length === 0) {
      toast.info("Select requests first", { description: "Tick their checkboxes, or move to one with J and K." });
      return;
    }
    setFormError(null);
    setDeciding(targets.map((item) => item.id));
    setDialog(kind);
  }

  const [, decide, sending] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await decideManyAction(previous, form);
    if (next.status === "success") {
      setResult(next.message.split("\n"));
      setSelected(new Set());
      anchor.current = null;
      setDialog(null);
      await queryClient.invalidateQueries({ queryKey: supportQueuesKey });
    } else if (next.status === "error") {
      setFormError({ state: next, values: sentValues(form) });
    }
    return next;
  }, idleState);

  const [review, startReviewing, starting] = useActionState(reviewNextAction, idleState);
  const startForm = useRef<HTMLFormElement>(null);

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    x: () => (active ? toggle(active, false) : undefined),
    o: () => (active ? router.push(`/support/requests/${active}`) : undefined),
    a: () => openDecision("approve"),
    d: () => openDecision("deny"),
    Escape: () => setSelected(new Set()),
    r: () => startForm.current?.requestSubmit(),
    "?": () => setDialog("help"),
  });

  const decisionProps = {
    onOpenChange: (open: boolean) => setDialog(open ? dialog : null),
    fields: { requestIds: deciding.join(",") },
    action: decide,
    pending: sending,
    error: formError,
  };
  const everything = items.length > 0 && chosen.length === items.length;
  const filtered = search !== "";

  return (
    <section aria-label="Review queue" className="space-y-4">
      <Counts counts={counts} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <QueueFilters filters={filters} onChange={setFilters} features={features} />
        <div className="flex items-center gap-2">
          <button
            type="button"
            onClick={() => setDialog("help")}
            className="hidden rounded-lg px-2 py-2 text-sm text-slate-600 hover:bg-slate-100 sm:block"
          >
            <Kbd>?</Kbd> Shortcuts
          </button>
          <form ref={startForm} action={startReviewing}>
            <Button type="submit" disabled={starting}>
              {starting ? "Finding one…" : "Start reviewing"}
            </Button>
          </form>
        </div>
      </div>
      {review.status === "success" && review.outcome === "empty" ? (
        <p role="status" className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {review.message}
        </p>
      ) : null}
      {result ? (
        <div
          data-testid="bulk-result"
          className="flex items-start justify-between gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          <div>
            <p className="font-medium">{result[0]}</p>
            {result.length > 1 ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-emerald-800">
                {result.slice(1).map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
          <button type="button" onClick={() => setResult(null)} className="shrink-0 text-emerald-800 hover:underline">
            Dismiss
          </button>
        </div>
      ) : null}
      {isError ? <p className="text-sm text-amber-700">Showing the last known queue; refreshing failed.</p> : null}
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-slate-50 px-3 py-2">
          <input
            type="checkbox"
            aria-label="Select every request shown"
            checked={everything}
            ref={(element) => {
              if (element) element.indeterminate = chosen.length > 0 && !everything;
            }}
            onChange={toggleAll}
            disabled={items.length === 0}
            className="size-4 cursor-pointer accent-brand-600"
          />
          {/* X changes a checkbox that does not have focus: saying the new count is how a screen reader hears it. */}
          <span role="status" className="text-sm text-slate-600" data-testid="selection-count">
            {chosen.length > 0 ? `${chosen.length} selected` : `${items.length} shown`}
          </span>
          <div className="ml-auto flex gap-2">
            <Button variant="secondary" disabled={chosen.length === 0} onClick={() => openDecision("approve")}>
              Approve
            </Button>
            <Button variant="secondary" disabled={chosen.length === 0} onClick={() => openDecision("deny")}>
              Deny with reason
            </Button>
          </div>
        </div>
        <div
          aria-hidden
          className={`hidden border-b border-slate-100 px-3 py-1.5 text-xs font-medium text-slate-500 md:grid ${queueColumns}`}
        >
          <span />
          <span>Time left · age</span>
          <span>Customer</span>
          <span>About</span>
          <span>Reason</span>
          <span>Details</span>
        </div>
        {items.length === 0 ? (
          <p className="px-4 py-12 text-center text-sm text-slate-500">
            {filtered ? "No pending request matches these filters." : "Queue is empty. Nothing is waiting for review."}
          </p>
        ) : (
          <ul aria-label="Pending requests" className="divide-y divide-slate-100">
            {items.map((item) => (
              <QueueRow
                key={item.id}
                item={item}
                viewerId={viewerId}
                now={dataUpdatedAt}
                selected={selected.has(item.id)}
                active={item.id === active}
                onToggle={(range) => toggle(item.id, range)}
                onFocus={() => setActive(item.id)}
                linkRef={(element) => {
                  if (element) links.current.set(item.id, element);
                  else links.current.delete(item.id);
                }}
              />
            ))}
          </ul>
        )}
      </div>
      {hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
      <ApproveDialog
        {...decisionProps}
        open={dialog === "approve"}
        title={`Approve ${requests(deciding.length)}?`}
        description="Each is refunded its captured credits and its customer is notified. Each is decided on its own, so one that someone else already decided does not stop the rest."
        submitLabel={`Approve ${requests(deciding.length)}`}
      />
      <DenyDialog
        {...decisionProps}
        open={dialog === "deny"}
        title={`Deny ${requests(deciding.length)}`}
        description="Every customer gets this reason and message."
        submitLabel={`Deny ${requests(deciding.length)}`}
      />
      <ShortcutsDialog
        open={dialog === "help"}
        onOpenChange={(open) => setDialog(open ? "help" : null)}
        shortcuts={shortcuts}
      />
      {/* Present from the start: screen readers only read out changes to a live region they already know. */}
      <p role="status" data-testid="queue-announcer" className="sr-only">
        {result?.join(" ")}
      </p>
    </section>
  );
}
