"use client";

import { useActionState } from "react";
import { adjustCreditsAction } from "@/app/admin/customers/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { maxAdjustment } from "@/lib/admin/customer-limits";
import { idleState } from "@/lib/auth/action-state";
import { FormResult } from "./customer-form-result";
import { ReasonField } from "./customer-reason-field";

/**
 * `adjustmentKey` is new each time the server renders the page, so a double click or a resubmitted
 * form makes one adjustment, and the form after a success makes a new one.
 */
export function CustomerAdjustForm({ customerId, adjustmentKey }: { customerId: string; adjustmentKey: string }) {
  const [state, action, pending] = useActionState(adjustCreditsAction, idleState);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form key={adjustmentKey} action={action} noValidate className="space-y-3">
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="key" value={adjustmentKey} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Direction</legend>
        <div className="mt-1.5 flex gap-2">
          {[
            { value: "in", label: "Add credits" },
            { value: "out", label: "Remove credits" },
          ].map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm text-slate-800 has-checked:border-brand-500 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-100"
            >
              <input
                type="radio"
                name="direction"
                value={option.value}
                defaultChecked={option.value === "in"}
                className="size-4 accent-brand-600"
              />
              {option.label}
            </label>
          ))}
        </div>
        {errors.direction ? <p className="mt-1.5 text-sm text-red-600">{errors.direction}</p> : null}
      </fieldset>
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
        error={errors.amount}
      />
      <ReasonField
        id="adjust-reason"
        label="Reason"
        hint="The customer sees it in their credit history, and it is kept in the audit log."
        error={errors.reason}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adjusting…" : "Adjust credits"}
        </Button>
        <FormResult state={state} fields={["direction", "amount", "reason"]} />
      </div>
    </form>
  );
}
