"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { denyReasons, type DenyReason } from "@/lib/support/deny-reasons";
import { maxDenyMessageLength } from "@/lib/support/limits";

/** What the dialog shows of a refused submission. */
export type FormError = { message: string; fieldErrors?: Record<string, string> };

type Shared = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  submitLabel: string;
  /** Sent with the form as they are: which requests, and which way. */
  fields: Record<string, string>;
  action: (form: FormData) => void;
  pending: boolean;
  error: FormError | null;
};

const fieldClasses =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500";

/** Ctrl+Enter (⌘+Enter) sends a form from a multi-line field, where Enter is a new line. */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}

function DecisionDialog({
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  fields,
  action,
  pending,
  error,
  focusSubmit = false,
  children,
}: Shared & { focusSubmit?: boolean; children?: ReactNode }) {
  // A hidden field has no place to show its own error, so the form shows it.
  const hiddenFieldError = Object.entries(error?.fieldErrors ?? {}).find(([name]) => name.split(".")[0]! in fields)?.[1];
  const formError = error && !error.fieldErrors ? error.message : hiddenFieldError;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        onOpenAutoFocus={(event) => {
          if (!focusSubmit) return;
          // Enter should do what the agent pressed the key for, not cancel it.
          event.preventDefault();
          (event.target as HTMLElement).querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
        }}
      >
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
        <form action={action} noValidate className="mt-4 space-y-4">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <DialogFormEnd formError={formError} pending={pending} submitLabel={submitLabel} pendingLabel="Working…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ApproveDialog(props: Shared) {
  return <DecisionDialog {...props} fields={{ ...props.fields, outcome: "approve" }} focusSubmit />;
}

function messageOf(reason: DenyReason): string {
  return denyReasons.find((option) => option.value === reason)!.message;
}

/** The reason code and the customer's message, which starts as the reason's own and follows it until edited. */
function DenyFields({ error }: { error: FormError | null }) {
  const [reason, setReason] = useState<DenyReason>(denyReasons[0].value);
  const [message, setMessage] = useState<string>(denyReasons[0].message);
  const id = useId();
  const messageError = error?.fieldErrors?.message;
  const reasonError = error?.fieldErrors?.reason;
  return (
    <>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Reason</legend>
        <div className="mt-2 grid gap-1.5">
          {denyReasons.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2.5 rounded-lg border border-slate-200 px-3 py-2 text-sm text-slate-800 has-checked:border-brand-500 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-100"
            >
              <input
                type="radio"
                name="reason"
                value={option.value}
                checked={reason === option.value}
                onChange={() => {
                  if (message === messageOf(reason)) setMessage(option.message);
                  setReason(option.value);
                }}
                className="size-4 shrink-0 accent-brand-600"
              />
              {option.label}
            </label>
          ))}
        </div>
        {reasonError ? <p className="mt-1.5 text-sm text-red-600">{reasonError}</p> : null}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-message`} className="block text-sm font-medium text-slate-800">
          Message to the customer
        </label>
        <textarea
          id={`${id}-message`}
          name="message"
          rows={4}
          maxLength={maxDenyMessageLength}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          onKeyDown={submitOnModEnter}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={`${id}-hint`}
          className={`${fieldClasses} resize-y`}
        />
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          &ldquo;Thank you for your feedback.&rdquo; is added at the end. Ctrl+Enter sends.
        </p>
        {messageError ? <p className="text-sm text-red-600">{messageError}</p> : null}
      </div>
    </>
  );
}

export function DenyDialog(props: Shared) {
  return (
    <DecisionDialog {...props} fields={{ ...props.fields, outcome: "deny" }}>
      <DenyFields error={props.error} />
    </DecisionDialog>
  );
}

const skipReasons = ["Needs a second opinion", "Not my area", "Needs more information from the customer"];

export function SkipDialog(props: Shared) {
  const id = useId();
  const reasonError = props.error?.fieldErrors?.reason;
  return (
    <DecisionDialog {...props}>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
          Why skip it?
        </label>
        <input
          id={`${id}-reason`}
          name="reason"
          list={`${id}-suggestions`}
          maxLength={500}
          required
          aria-invalid={reasonError ? true : undefined}
          className={fieldClasses}
        />
        <datalist id={`${id}-suggestions`}>
          {skipReasons.map((reason) => (
            <option key={reason} value={reason} />
          ))}
        </datalist>
        {reasonError ? <p className="text-sm text-red-600">{reasonError}</p> : null}
      </div>
    </DecisionDialog>
  );
}
