"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
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
      {/* As the dialog's own trigger, the button announces the dialog and gets focus back when it closes. */}
      <DialogTrigger asChild>
        <Button type="button" variant="secondary" aria-label={triggerLabel}>
          {trigger}
        </Button>
      </DialogTrigger>
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
