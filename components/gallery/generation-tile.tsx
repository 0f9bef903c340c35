"use client";

import Image from "next/image";
import { useState } from "react";
import { credits } from "@/lib/format/credits";
import { relativeTime } from "@/lib/format/relative-time";
import type { GalleryItem } from "@/lib/generations/gallery";

function statusLine(item: GalleryItem): { text: string; className: string } {
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
  if (!item.imageUrl || broken) {
    return (
      <div className="flex h-full items-center justify-center p-4 text-center text-xs text-slate-500">
        Preview unavailable
      </div>
    );
  }
  return (
    <Image
      src={item.imageUrl}
      alt={`${item.featureName} ${item.status === "succeeded" ? "result" : "input"}`}
      width={512}
      height={512}
      unoptimized
      onError={() => setBroken(true)}
      className={`h-full w-full object-cover ${item.status === "succeeded" ? "" : "opacity-50 grayscale"}`}
    />
  );
}

export function GenerationTile({ item, now }: { item: GalleryItem; now: number }) {
  const status = statusLine(item);
  return (
    <li
      data-testid="generation"
      data-generation-id={item.id}
      data-status={item.status}
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
    >
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
    </li>
  );
}
