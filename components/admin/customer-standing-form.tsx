"use client";

import { changeStandingAction } from "@/app/admin/customers/actions";
import { Button } from "@/components/ui/button";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { ReasonField } from "./customer-reason-field";

/** Suspend or reinstate, whichever applies now; the page re-renders with the other after a success. */
export function CustomerStandingForm({ customerId, suspended }: { customerId: string; suspended: boolean }) {
  const { state, values, errors, action, pending } = useFormAction(changeStandingAction);
  return (
    <form key={String(suspended)} action={action} noValidate className="space-y-3">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="standing" value={suspended ? "reinstated" : "suspended"} />
      <ReasonField
        id="standing-reason"
        label={suspended ? "Why reinstate?" : "Why suspend?"}
        hint={
          suspended
            ? "Kept in the audit log. They can request refunds again at once."
            : "Kept in the audit log. While suspended, every refund request is refused."
        }
        defaultValue={values.reason}
        error={errors.reason}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={suspended ? "primary" : "secondary"} disabled={pending}>
          {pending ? "Saving…" : suspended ? "Reinstate" : "Suspend"}
        </Button>
        <FormNotice state={state} fields={["reason"]} />
      </div>
    </form>
  );
}
