"use client";

import Image from "next/image";
import { useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";

/** A picture the agent can open large, and then see at its actual pixels to judge artifacts. */
export function ZoomableImage({ src, label }: { src: string | null; label: string }) {
  const [open, setOpen] = useState(false);
  const [actualSize, setActualSize] = useState(false);
  const [broken, setBroken] = useState(false);
  if (!src || broken) {
    return (
      <figure className="space-y-1.5">
        <div className="flex aspect-square items-center justify-center rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4 text-center text-sm text-slate-500">
          {src ? "The image could not be loaded." : "No image was recorded."}
        </div>
        <figcaption className="text-sm font-medium text-slate-700">{label}</figcaption>
      </figure>
    );
  }
  return (
    <figure className="space-y-1.5">
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`Zoom the ${label.toLowerCase()}`}
        className="group relative block w-full cursor-zoom-in overflow-hidden rounded-lg border border-slate-200 bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
      >
        <Image
          src={src}
          alt={label}
          width={800}
          height={800}
          unoptimized
          onError={() => setBroken(true)}
          className="aspect-square w-full object-contain"
        />
        <span className="absolute bottom-2 right-2 rounded bg-slate-900/70 px-1.5 py-0.5 text-xs font-medium text-white opacity-80 group-hover:opacity-100">
          Zoom
        </span>
      </button>
      <figcaption className="text-sm font-medium text-slate-700">{label}</figcaption>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setActualSize(false);
        }}
      >
        <DialogContent className="sm:max-w-5xl!">
          <DialogTitle>{label}</DialogTitle>
          <DialogDescription>
            {actualSize ? "Actual size: scroll to look around." : "Fitted to the screen."} Click the image or press
            Enter to switch.
          </DialogDescription>
          <div className="mt-3 max-h-[72dvh] overflow-auto rounded-lg bg-slate-100">
            <button
              type="button"
              onClick={() => setActualSize(!actualSize)}
              aria-label={actualSize ? "Fit to the screen" : "Show at actual size"}
              className={`block ${actualSize ? "cursor-zoom-out" : "w-full cursor-zoom-in"}`}
            >
              <Image
                src={src}
                alt={label}
                width={800}
                height={800}
                unoptimized
                className={actualSize ? "h-auto w-auto max-w-none" : "max-h-[70dvh] w-full object-contain"}
              />
            </button>
          </div>
        </DialogContent>
      </Dialog>
    </figure>
  );
}
