"use client";

import { disableStaffAction, enableStaffAction } from "@/app/admin/staff/actions";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";

/** Disabling signs the person out everywhere, so it asks first; enabling again does not. */
export function StaffAccessForm({ userId, who, disabled }: { userId: string; who: string; disabled: boolean }) {
  const { state, action, pending } = useFormAction(enableStaffAction);
  if (!disabled) {
    return (
      <ConfirmActionDialog
        id={userId}
        action={disableStaffAction}
        trigger="Disable"
        triggerLabel={`Disable ${who}`}
        title={`Disable ${who}?`}
        description="They are signed out everywhere at once and cannot sign in until an admin enables the account again."
        submitLabel="Disable account"
        pendingLabel="Disabling…"
      />
    );
  }
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={userId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Enable ${who}`}>
        Enable
      </Button>
      {state.status === "error" ? (
        <div className="max-w-xs text-right">
          <FormNotice state={state} />
        </div>
      ) : null}
    </form>
  );
}
