"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { ChoiceField, Field, TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import type { FormValues } from "@/components/ui/use-form-action";
import type { ActionState } from "@/lib/auth/action-state.shared";
import { denyReasons, type DenyReason } from "@/lib/support/deny-reasons.shared";
import { maxDenyMessageLength } from "@/lib/support/limits.shared";

/** A refused submission: the answer, and what was sent, for the fields to start from again. */
export type FormError = { state: ActionState; values: FormValues };

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
  shownFields = [],
  children,
}: Shared & { focusSubmit?: boolean; shownFields?: string[]; children?: ReactNode }) {
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
          {error ? <FormNotice state={error.state} fields={shownFields} /> : null}
          <DialogFormEnd pending={pending} submitLabel={submitLabel} pendingLabel="Working…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ApproveDialog(props: Shared) {
  return <DecisionDialog {...props} fields={{ ...props.fields, outcome: "approve" }} focusSubmit />;
}

function messageOf(reason: DenyReason): string {
  return denyReasons.find((option) => option.value === reason)?.message ?? "";
}

/** The reason code and the customer's message, which starts as the reason's own and follows it until edited. */
function DenyFields({ error }: { error: FormError | null }) {
  const [reason, setReason] = useState<DenyReason>(denyReasons[0].value);
  const [message, setMessage] = useState<string>(denyReasons[0].message);
  const id = useId();
  const errors = error?.state.status === "error" ? (error.state.fieldErrors ?? {}) : {};
  return (
    <>
      <ChoiceField
        legend="Reason"
        name="reason"
        options={denyReasons}
        defaultValue={reason}
        onChange={(next) => {
          if (message === messageOf(reason)) setMessage(messageOf(next));
          setReason(next);
        }}
        error={errors.reason}
      />
      <TextareaField
        id={`${id}-message`}
        name="message"
        label="Message to the customer"
        hint={<>&ldquo;Thank you for your feedback.&rdquo; is added at the end. Ctrl+Enter sends.</>}
        rows={4}
        maxLength={maxDenyMessageLength}
        value={message}
        onChange={(event) => setMessage(event.target.value)}
        onKeyDown={submitOnModEnter}
        error={errors.message}
      />
    </>
  );
}

export function DenyDialog(props: Shared) {
  return (
    <DecisionDialog {...props} fields={{ ...props.fields, outcome: "deny" }} shownFields={["reason", "message"]}>
      <DenyFields error={props.error} />
    </DecisionDialog>
  );
}

const skipReasons = ["Needs a second opinion", "Not my area", "Needs more information from the customer"];

export function SkipDialog(props: Shared) {
  const id = useId();
  const errors = props.error?.state.status === "error" ? (props.error.state.fieldErrors ?? {}) : {};
  return (
    <DecisionDialog {...props} shownFields={["reason"]}>
      <Field
        id={`${id}-reason`}
        name="reason"
        label="Why skip it?"
        list={`${id}-suggestions`}
        maxLength={500}
        required
        defaultValue={props.error?.values.reason}
        error={errors.reason}
      />
      <datalist id={`${id}-suggestions`}>
        {skipReasons.map((reason) => (
          <option key={reason} value={reason} />
        ))}
      </datalist>
    </DecisionDialog>
  );
}
