"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { useFormAction, type FormAction } from "@/components/ui/use-form-action";

/**
 * A button that asks before it acts on one record: the dialog names what will happen, and its form
 * sends the record's id to the action. It closes once the action succeeds.
 */
export function ConfirmActionDialog({
  id,
  action: formAction,
  trigger,
  triggerLabel,
  title,
  description,
  submitLabel,
  pendingLabel,
}: {
  id: string;
  action: FormAction;
  trigger: string;
  triggerLabel?: string;
  title: ReactNode;
  description: ReactNode;
  submitLabel: string;
  pendingLabel: string;
}) {
  const [open, setOpen] = useState(false);
  const { state, action, pending } = useFormAction(formAction);
  return (
    <Dialog open={open && state.status !== "success"} onOpenChange={setOpen}>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)} aria-label={triggerLabel}>
        {trigger}
      </Button>
      <DialogContent>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
        <form action={action} className="mt-4 space-y-4">
          <input type="hidden" name="id" value={id} />
          <DialogFormEnd
            formError={state.status === "error" ? state.message : undefined}
            pending={pending}
            submitLabel={submitLabel}
            pendingLabel={pendingLabel}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
