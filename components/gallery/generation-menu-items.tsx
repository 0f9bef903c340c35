"use client";

import Link from "next/link";
import type { MenuKit } from "@/components/ui/menu";
import type { GalleryItem } from "@/lib/generations/gallery";
import { refundStatusLine } from "@/lib/refunds/status-labels.shared";

/** What can be done with a finished generation: one list, shown by its context menu and by its ⋯ menu alike. */
export function GenerationMenuItems({
  item,
  kit: { Item, Separator },
  onReport,
}: {
  item: GalleryItem;
  kit: MenuKit;
  onReport: () => void;
}) {
  const openUrl = item.outputUrl ?? item.inputUrl;
  return (
    <>
      {openUrl ? (
        <Item asChild>
          <a href={openUrl} target="_blank" rel="noopener noreferrer">
            {item.outputUrl ? "Open" : "Open original"}
          </a>
        </Item>
      ) : null}
      {item.downloadUrl ? (
        <Item asChild>
          {/* A host's file on another origin ignores `download` and opens: better in a tab of its own. */}
          <a href={item.downloadUrl} download target="_blank" rel="noopener noreferrer">
            Download
          </a>
        </Item>
      ) : null}
      <Separator />
      {item.status !== "succeeded" ? (
        <Item disabled>Credits already returned automatically</Item>
      ) : item.refund ? (
        <>
          <Item disabled>{refundStatusLine(item.refund)}</Item>
          <Item asChild>
            <Link href="/refunds">See refund requests</Link>
          </Item>
        </>
      ) : (
        <Item onSelect={onReport}>Bad result…</Item>
      )}
    </>
  );
}
