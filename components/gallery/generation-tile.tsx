"use client";

import Image from "next/image";
import { useRef, useState, type KeyboardEvent } from "react";
import { refundStatusText } from "@/components/refunds/refund-status-badge";
import { ContextMenu, ContextMenuContent, ContextMenuTrigger, contextMenuKit } from "@/components/ui/context-menu";
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger, dropdownMenuKit } from "@/components/ui/dropdown-menu";
import { credits } from "@/lib/format/credits.shared";
import { relativeTime } from "@/lib/format/relative-time.shared";
import type { GalleryItem } from "@/lib/generations/gallery";
import { refundStatusLine } from "@/lib/refunds/status-labels.shared";
import { GenerationMenuItems } from "./generation-menu-items";
import { ReportDialog } from "./report-dialog";

function statusLine(item: GalleryItem): { text: string; className: string } {
  if (item.refund) return { text: refundStatusLine(item.refund), className: refundStatusText(item.refund.status) };
  switch (item.status) {
    case "running":
      return { text: "Running", className: "text-brand-700" };
    case "succeeded":
      return { text: "Succeeded", className: "text-emerald-700" };
    case "failed":
      return { text: `Failed — ${credits(item.cost)} refunded automatically`, className: "text-red-700" };
    case "expired":
      return { text: `Timed out — ${credits(item.cost)} released`, className: "text-amber-700" };
  }
}

function Preview({ item }: { item: GalleryItem }) {
  const [broken, setBroken] = useState(false);
  const succeeded = item.status === "succeeded";
  const src = succeeded ? item.outputUrl : item.inputUrl;
  if (!src || broken) {
    return (
      <div className="flex h-full items-center justify-center p-4 text-center text-xs text-slate-600">
        Preview unavailable
      </div>
    );
  }
  return (
    <Image
      src={src}
      alt={`${item.featureName} ${succeeded ? "result" : "input"}`}
      width={512}
      height={512}
      unoptimized
      draggable={false}
      onError={() => setBroken(true)}
      className={`h-full w-full object-cover ${succeeded ? "" : "opacity-50 grayscale"}`}
    />
  );
}

/**
 * Browsers disagree on whether Shift+F10 and the menu key raise a contextmenu event (macOS browsers
 * never do), so the tile raises it itself, at its own centre: every platform opens the same menu.
 */
function openMenuFromKeyboard(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== "ContextMenu" && !(event.key === "F10" && event.shiftKey)) return;
  event.preventDefault();
  const box = event.currentTarget.getBoundingClientRect();
  event.currentTarget.dispatchEvent(
    new MouseEvent("contextmenu", {
      bubbles: true,
      cancelable: true,
      clientX: box.left + box.width / 2,
      clientY: box.top + box.height / 2,
    }),
  );
}

export function GenerationTile({
  item,
  now,
  minDetailsLength,
}: {
  item: GalleryItem;
  now: number;
  minDetailsLength: number;
}) {
  const [reporting, setReporting] = useState(false);
  const tile = useRef<HTMLDivElement>(null);
  const status = statusLine(item);
  const body = (
    <>
      <div className="relative aspect-square bg-slate-100">
        <Preview item={item} />
        {item.status === "running" ? (
          <div className="absolute inset-0 flex items-center justify-center">
            <span
              aria-hidden
              className="size-8 animate-spin rounded-full border-4 border-brand-100 border-t-brand-600"
            />
          </div>
        ) : null}
      </div>
      <div className="space-y-1 p-3">
        <div className="flex items-baseline justify-between gap-2">
          <p className="truncate text-sm font-medium text-slate-900">{item.featureName}</p>
          <p className="shrink-0 text-xs tabular-nums text-slate-500">{credits(item.cost)}</p>
        </div>
        <p className="text-xs text-slate-500">
          <time dateTime={item.createdAt} suppressHydrationWarning>
            {relativeTime(item.createdAt, now)}
          </time>
        </p>
        <p data-testid="generation-status" aria-live="polite" className={`text-xs font-medium ${status.className}`}>
          {status.text}
        </p>
      </div>
    </>
  );
  const report = () => setReporting(true);
  return (
    <li
      data-testid="generation"
      data-generation-id={item.id}
      data-status={item.status}
      className="relative overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm has-focus-visible:ring-2 has-focus-visible:ring-brand-500"
    >
      {item.status === "running" ? (
        body
      ) : (
        <>
          <ContextMenu>
            <ContextMenuTrigger asChild>
              <div
                ref={tile}
                tabIndex={0}
                role="group"
                aria-label={`${item.featureName}, ${status.text}`}
                aria-keyshortcuts="Shift+F10 ContextMenu"
                onKeyDown={openMenuFromKeyboard}
                className="block select-none outline-none"
              >
                {body}
              </div>
            </ContextMenuTrigger>
            <ContextMenuContent>
              <GenerationMenuItems item={item} kit={contextMenuKit} onReport={report} />
            </ContextMenuContent>
          </ContextMenu>
          <DropdownMenu>
            <DropdownMenuTrigger
              aria-label={`Actions for ${item.featureName}`}
              className="absolute right-2 top-2 flex size-9 items-center justify-center rounded-full bg-white/90 text-lg leading-none text-slate-700 shadow-sm ring-1 ring-slate-900/10 hover:bg-white focus-visible:outline-2 focus-visible:outline-brand-500 data-[state=open]:bg-white"
            >
              <span aria-hidden>⋯</span>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <GenerationMenuItems item={item} kit={dropdownMenuKit} onReport={report} />
            </DropdownMenuContent>
          </DropdownMenu>
          {/* Stays mounted once the request exists, so that a refusal such as a duplicate can still be read. */}
          {item.status === "succeeded" ? (
            <ReportDialog
              item={item}
              open={reporting}
              onOpenChange={setReporting}
              minDetailsLength={minDetailsLength}
              returnFocusTo={tile}
            />
          ) : null}
        </>
      )}
    </li>
  );
}
