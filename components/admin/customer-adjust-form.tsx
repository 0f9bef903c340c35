"use client";

import { adjustCreditsAction } from "@/app/admin/customers/actions";
import { Button } from "@/components/ui/button";
import { ChoiceField, Field } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { maxAdjustment } from "@/lib/admin/customer-limits.shared";
import { ReasonField } from "./customer-reason-field";

const directions = [
  { value: "in", label: "Add credits" },
  { value: "out", label: "Remove credits" },
] as const;

/**
 * `adjustmentKey` is new each time the server renders the page, so a double click or a resubmitted
 * form makes one adjustment, and the form after a success makes a new one.
 */
export function CustomerAdjustForm({ customerId, adjustmentKey }: { customerId: string; adjustmentKey: string }) {
  const { state, values, errors, action, pending } = useFormAction(adjustCreditsAction);
  return (
    <form key={adjustmentKey} action={action} noValidate className="space-y-3">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="key" value={adjustmentKey} />
      <ChoiceField
        legend="Direction"
        name="direction"
        options={directions}
        defaultValue={values.direction === "out" ? "out" : "in"}
        error={errors.direction}
        inline
      />
      <Field
        id="adjust-amount"
        name="amount"
        label="Credits"
        type="number"
        inputMode="numeric"
        min={1}
        max={maxAdjustment}
        step={1}
        required
        defaultValue={values.amount}
        error={errors.amount}
      />
      <ReasonField
        id="adjust-reason"
        label="Reason"
        hint="The customer sees it in their credit history, and it is kept in the audit log."
        defaultValue={values.reason}
        error={errors.reason}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adjusting…" : "Adjust credits"}
        </Button>
        <FormNotice state={state} fields={["direction", "amount", "reason"]} />
      </div>
    </form>
  );
}
