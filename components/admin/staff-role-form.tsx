"use client";

import { useActionState } from "react";
import { changeRoleAction } from "@/app/admin/staff/actions";
import { Button } from "@/components/ui/button";
import { idleState } from "@/lib/auth/action-state";
import type { StaffRole } from "@/lib/admin/staff";

export function StaffRoleForm({ userId, role, who }: { userId: string; role: StaffRole; who: string }) {
  const [state, action, pending] = useActionState(changeRoleAction, idleState);
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
      {state.status === "error" ? (
        <p role="alert" className="max-w-xs text-right text-sm text-red-600">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
