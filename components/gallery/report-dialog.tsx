"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { toast } from "sonner";
import { reportBadResultAction } from "@/app/(customer)/actions";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import type { RefundReason } from "@/db/enums";
import { idleState, type ActionState } from "@/lib/auth/action-state.shared";
import { credits } from "@/lib/format/credits.shared";
import type { GalleryItem } from "@/lib/generations/gallery";
import { maxDetailsLength, refundReasons } from "@/lib/refunds/reasons.shared";
import { ownBalanceKey, ownGenerationsKey, ownNotificationsKey } from "./queries";

/** "Bad result": the customer says what is wrong with a result, and hears the outcome in a toast. */
export function ReportDialog({
  item,
  open,
  onOpenChange,
  minDetailsLength,
  returnFocusTo,
}: {
  item: GalleryItem;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  minDetailsLength: number;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        onCloseAutoFocus={(event) => {
          // The menu item that opened the dialog is gone by now; the tile is where the customer was.
          event.preventDefault();
          returnFocusTo.current?.focus();
        }}
      >
        <DialogTitle>Report a bad result</DialogTitle>
        <DialogDescription>
          {item.featureName} · {credits(item.cost)}. Tell us what went wrong; when a result is unusable, you get the
          credits back.
        </DialogDescription>
        <ReportForm generationId={item.id} minDetailsLength={minDetailsLength} onReported={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function announce(outcome: string | undefined, message: string) {
  if (outcome === "approved") toast.success(message);
  else if (outcome === "denied") toast("Not refunded", { description: message });
  else toast.info(message);
}

type Sent = { reason: RefundReason | null; details: string };

function ReportForm({
  generationId,
  minDetailsLength,
  onReported,
}: {
  generationId: string;
  minDetailsLength: number;
  onReported: () => void;
}) {
  const queryClient = useQueryClient();
  // A second click can land before the disabled button is painted; this refuses it either way.
  const sending = useRef(false);
  const [state, action, pending] = useActionState(async (previous: ActionState, form: FormData) => {
    try {
      const next = await reportBadResultAction(previous, form);
      if (next.status === "success") {
        announce(next.outcome, next.message);
        for (const queryKey of [ownGenerationsKey, ownBalanceKey, ownNotificationsKey]) {
          void queryClient.invalidateQueries({ queryKey });
        }
        onReported();
      } else if (next.status === "error" && next.code === "refund.duplicate") {
        // The tile still offers "Bad result": show it the request that already exists.
        void queryClient.invalidateQueries({ queryKey: ownGenerationsKey });
      }
      return next;
    } finally {
      sending.current = false;
    }
  }, idleState);
  const [reason, setReason] = useState<RefundReason | null>(null);
  const [details, setDetails] = useState("");
  const [attempted, setAttempted] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const firstReason = useRef<HTMLInputElement>(null);
  const detailsField = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const missing = Math.max(0, minDetailsLength - details.trim().length);
  // The server's verdict on a field holds only for the values it was given.
  const unchanged = sent !== null && sent.reason === reason && sent.details === details;
  const serverErrors = state.status === "error" && unchanged ? state.fieldErrors : undefined;
  const reasonError =
    (attempted && !reason ? "Choose what is wrong with the result." : undefined) ?? serverErrors?.reason;
  const detailsError =
    (attempted && missing > 0
      ? `Please write at least ${minDetailsLength} characters, so that we know what to look at.`
      : undefined) ?? serverErrors?.details;
  const formError = state.status === "error" && !state.fieldErrors ? state.message : undefined;
  const hint =
    refundReasons.find((option) => option.value === reason)?.hint ?? "Choose a reason, then say what exactly is wrong.";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    setAttempted(true);
    if (sending.current || !reason || missing > 0) {
      event.preventDefault();
      if (!reason) firstReason.current?.focus();
      else if (missing > 0) detailsField.current?.focus();
      return;
    }
    sending.current = true;
    setSent({ reason, details });
  }

  return (
    <form action={action} onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      <input type="hidden" name="generationId" value={generationId} />
      <fieldset aria-describedby={reasonError ? `${id}-reason-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">What is wrong with it?</legend>
        <div className="mt-2 grid gap-1.5">
          {refundReasons.map((option, index) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2.5 rounded-lg border border-slate-200 px-3 py-2 text-sm text-slate-800 has-checked:border-brand-500 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-100"
            >
              <input
                ref={index === 0 ? firstReason : undefined}
                type="radio"
                name="reason"
                value={option.value}
                checked={reason === option.value}
                onChange={() => setReason(option.value)}
                className="size-4 shrink-0 accent-brand-600"
              />
              {option.label}
            </label>
          ))}
        </div>
        {reasonError ? (
          <p id={`${id}-reason-error`} className="mt-1.5 text-sm text-red-600">
            {reasonError}
          </p>
        ) : null}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-details`} className="block text-sm font-medium text-slate-800">
          Details
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
        <textarea
          ref={detailsField}
          id={`${id}-details`}
          name="details"
          rows={4}
          value={details}
          onChange={(event) => setDetails(event.target.value)}
          maxLength={maxDetailsLength}
          aria-invalid={detailsError ? true : undefined}
          aria-describedby={`${id}-hint ${id}-count${detailsError ? ` ${id}-details-error` : ""}`}
          className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500"
        />
        <div id={`${id}-count`} className="flex justify-between gap-3 text-xs text-slate-500">
          <span>{missing > 0 ? `${missing} more ${missing === 1 ? "character" : "characters"} needed` : null}</span>
          <span data-testid="details-counter" className="tabular-nums">
            {details.length} / {maxDetailsLength}
          </span>
        </div>
        {detailsError ? (
          <p id={`${id}-details-error`} className="text-sm text-red-600">
            {detailsError}
          </p>
        ) : null}
      </div>
      <DialogFormEnd formError={formError} pending={pending} submitLabel="Send report" pendingLabel="Sending…" />
    </form>
  );
}
