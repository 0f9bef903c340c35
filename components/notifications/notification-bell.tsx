"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/app/(customer)/notification-actions";
import {
  fetchOwnNotifications,
  ownBalanceKey,
  ownGenerationsKey,
  ownNotificationsKey,
} from "@/components/gallery/queries";
import { Popover, PopoverClose, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { idleState } from "@/lib/auth/action-state.shared";
import { relativeTime } from "@/lib/format/relative-time.shared";
import type { Inbox } from "@/lib/notifications/inbox";

// Decisions made later by an agent arrive on their own; this is how soon the badge shows them.
const pollMs = 10_000;

type Which = string | "all";

async function markRead(which: Which) {
  const form = new FormData();
  if (which !== "all") form.set("notificationId", which);
  const result =
    which === "all"
      ? await markAllNotificationsReadAction(idleState, form)
      : await markNotificationReadAction(idleState, form);
  if (result.status === "error") throw new Error(result.message);
}

function readLocally(inbox: Inbox, which: Which): Inbox {
  const marked = (id: string) => which === "all" || which === id;
  const newlyRead = inbox.notifications.filter((item) => !item.read && marked(item.id)).length;
  return {
    notifications: inbox.notifications.map((item) => (marked(item.id) ? { ...item, read: true } : item)),
    unread: which === "all" ? 0 : Math.max(0, inbox.unread - newlyRead),
  };
}

function BellIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} className="size-5">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function NotificationBell({ initial }: { initial: Inbox }) {
  const queryClient = useQueryClient();
  const { data, dataUpdatedAt } = useQuery({
    queryKey: ownNotificationsKey,
    queryFn: fetchOwnNotifications,
    initialData: initial,
    refetchInterval: pollMs,
  });
  // Shown as read once the server has it, so that what the bell says survives a reload.
  const mark = useMutation({
    mutationFn: markRead,
    onSuccess: async (_done, which) => {
      await queryClient.cancelQueries({ queryKey: ownNotificationsKey });
      queryClient.setQueryData<Inbox>(ownNotificationsKey, (inbox) => inbox && readLocally(inbox, which));
    },
  });
  const { notifications, unread } = data;
  const newest = notifications[0]?.id;
  const seen = useRef(newest);
  useEffect(() => {
    if (newest === seen.current) return;
    seen.current = newest;
    // A decision an agent made later changes a tile's status and may return credits: show both at once.
    void queryClient.invalidateQueries({ queryKey: ownGenerationsKey });
    void queryClient.invalidateQueries({ queryKey: ownBalanceKey });
  }, [newest, queryClient]);
  return (
    <Popover>
      <PopoverTrigger
        aria-label={`Notifications, ${unread} unread`}
        className="relative flex size-9 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 data-[state=open]:bg-slate-100"
      >
        <BellIcon />
        {unread > 0 ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -right-1 -top-1 flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] font-semibold tabular-nums text-white ring-2 ring-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </PopoverTrigger>
      <PopoverContent aria-label="Notifications" className="w-80">
        <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
          <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
          <button
            type="button"
            disabled={unread === 0}
            onClick={() => mark.mutate("all")}
            className="rounded-md px-1.5 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:cursor-default disabled:text-slate-400 disabled:hover:bg-transparent"
          >
            Mark all as read
          </button>
        </div>
        {notifications.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-slate-500">
            Nothing yet. When a refund request is decided, you will hear it here.
          </p>
        ) : (
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
            {notifications.map((item) => (
              <li key={item.id} data-testid="notification" data-read={item.read}>
                <button
                  type="button"
                  onClick={item.read ? undefined : () => mark.mutate(item.id)}
                  className={`flex w-full gap-2.5 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none ${item.read ? "" : "bg-brand-50/50"}`}
                >
                  <span
                    aria-hidden
                    className={`mt-1.5 size-2 shrink-0 rounded-full ${item.read ? "bg-transparent" : "bg-brand-600"}`}
                  />
                  <span className="min-w-0 space-y-0.5">
                    <span className="block text-sm font-medium text-slate-900">
                      {item.read ? null : <span className="sr-only">Unread: </span>}
                      {item.title}
                    </span>
                    <span className="block text-sm text-slate-600">{item.body}</span>
                    <time dateTime={item.createdAt} className="block text-xs text-slate-500">
                      {relativeTime(item.createdAt, dataUpdatedAt)}
                    </time>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="border-t border-slate-100 px-4 py-2.5">
          <PopoverClose asChild>
            <Link href="/refunds" className="text-sm font-medium text-brand-700 hover:underline">
              All refund requests
            </Link>
          </PopoverClose>
        </div>
      </PopoverContent>
    </Popover>
  );
}
