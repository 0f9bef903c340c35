"use client";

import { changeRoleAction } from "@/app/admin/staff/actions";
import { Button } from "@/components/ui/button";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import type { StaffRole } from "@/lib/admin/staff";

export function StaffRoleForm({ userId, role, who }: { userId: string; role: StaffRole; who: string }) {
  const { state, action, pending } = useFormAction(changeRoleAction);
  const next: StaffRole = role === "admin" ? "agent" : "admin";
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={next} />
      <Button
        type="submit"
        variant="secondary"
        disabled={pending}
        aria-label={`Make ${who} ${next === "admin" ? "an admin" : "a support agent"}`}
      >
        {next === "admin" ? "Make admin" : "Make support agent"}
      </Button>
      {/* The list shows the new role; only a refusal needs words here. */}
      {state.status === "error" ? (
        <div className="max-w-xs text-right">
          <FormNotice state={state} />
        </div>
      ) : null}
    </form>
  );
}
