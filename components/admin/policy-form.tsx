"use client";

import { useId } from "react";
import { savePolicyAction } from "@/app/admin/policy/actions";
import { Button } from "@/components/ui/button";
import { Field, TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import {
  amount,
  downloadedThenUsedLabel,
  numericSettings,
  type PolicySettings,
} from "@/lib/policy/settings-form.shared";

/** Every setting at once; a refused save comes back as typed, a saved one shows the version now in force. */
export function PolicyForm({ current }: { current: PolicySettings & { version: number } }) {
  const { state, values, errors, action, pending } = useFormAction(savePolicyAction);
  const refused = state.status === "error";
  const id = useId();
  return (
    <form action={action} noValidate className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {numericSettings.map((setting) => (
          <Field
            key={setting.key}
            id={`${id}-${setting.key}`}
            name={setting.key}
            label={`${setting.label} (${setting.unit === "%" ? "%" : `${setting.unit}s`})`}
            hint={`${setting.hint} Now ${amount(current[setting.key], setting.unit)}.`}
            type="number"
            inputMode="numeric"
            min={setting.min}
            max={setting.max}
            step={1}
            defaultValue={refused ? values[setting.key] : String(current[setting.key])}
            error={errors[setting.key]}
          />
        ))}
      </div>
      <label className="flex items-start gap-2.5 text-sm text-slate-800">
        <input
          type="checkbox"
          name="denyDownloadedThenUsed"
          defaultChecked={refused ? values.denyDownloadedThenUsed === "on" : current.denyDownloadedThenUsed}
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
        />
        {downloadedThenUsedLabel}
      </label>
      <TextareaField
        id={`${id}-note`}
        name="note"
        label="Note"
        rows={2}
        maxLength={1000}
        placeholder="Why this change? It is kept with the version."
        defaultValue={values.note}
        error={errors.note}
      />
      <FormNotice state={state} fields={[...numericSettings.map((setting) => setting.key), "note"]} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new version"}
        </Button>
      </div>
    </form>
  );
}
