"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useEffect } from "react";
import { setAvailabilityAction } from "@/app/support/actions";
import { Button } from "@/components/ui/button";
import { FormNotice } from "@/components/ui/form-notice";
import type { Availability } from "@/db/enums";
import { idleState } from "@/lib/auth/action-state.shared";

export function AvailabilityToggle({ current }: { current: Availability }) {
  const [state, action, pending] = useActionState(setAvailabilityAction, idleState);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (state.status === "success") void queryClient.invalidateQueries({ queryKey: ["support-team"] });
  }, [state, queryClient]);
  const next: Availability = current === "on_duty" ? "away" : "on_duty";
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="availability" value={next} />
      <span className="text-sm text-slate-700">
        You are <strong data-testid="my-availability">{current === "on_duty" ? "on duty" : "away"}</strong>.
      </span>
      <Button type="submit" variant={current === "on_duty" ? "secondary" : "primary"} disabled={pending}>
        {current === "on_duty" ? "Go away" : "Go on duty"}
      </Button>
      {/* The sentence above says the new availability; only a refusal needs words here. */}
      {state.status === "error" ? <FormNotice state={state} /> : null}
    </form>
  );
}
