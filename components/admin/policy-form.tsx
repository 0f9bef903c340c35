"use client";

import { useActionState, useId, useState } from "react";
import { savePolicyAction } from "@/app/admin/policy/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { amount, downloadedThenUsedLabel, numericSettings, type PolicySettings } from "@/lib/admin/policy-settings";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import { submitKeepingValues } from "./submit-keeping-values";
import { FormNotice } from "@/components/ui/form-notice";

function asTyped(settings: PolicySettings) {
  return Object.fromEntries(numericSettings.map(({ key }) => [key, String(settings[key])]));
}

/** Every setting at once; the values stay as typed, so a refused save can be corrected rather than retyped. */
export function PolicyForm({ current }: { current: PolicySettings & { version: number } }) {
  const [values, setValues] = useState(() => asTyped(current));
  const [denyDownloaded, setDenyDownloaded] = useState(current.denyDownloadedThenUsed);
  const [note, setNote] = useState("");
  const [state, action, pending] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await savePolicyAction(previous, form);
    if (next.status === "success") setNote("");
    return next;
  }, idleState);
  const id = useId();
  const fieldErrors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={submitKeepingValues(action)} noValidate className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {numericSettings.map((setting) => (
          <div key={setting.key} className="space-y-1">
            <Field
              id={`${id}-${setting.key}`}
              name={setting.key}
              label={`${setting.label} (${setting.unit === "%" ? "%" : `${setting.unit}s`})`}
              type="number"
              inputMode="numeric"
              min={setting.min}
              max={setting.max}
              step={1}
              value={values[setting.key]}
              onChange={(event) => setValues((typed) => ({ ...typed, [setting.key]: event.target.value }))}
              error={fieldErrors[setting.key]}
            />
            <p className="text-xs text-slate-500">
              {setting.hint} Now {amount(current[setting.key], setting.unit)}.
            </p>
          </div>
        ))}
      </div>
      <label className="flex items-start gap-2.5 text-sm text-slate-800">
        <input
          type="checkbox"
          name="denyDownloadedThenUsed"
          checked={denyDownloaded}
          onChange={(event) => setDenyDownloaded(event.target.checked)}
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
        />
        {downloadedThenUsedLabel}
      </label>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-note`} className="block text-sm font-medium text-slate-700">
          Note
        </label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="Why this change? It is kept with the version."
          aria-invalid={fieldErrors.note ? true : undefined}
          className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500"
        />
        {fieldErrors.note ? <p className="text-sm text-red-600">{fieldErrors.note}</p> : null}
      </div>
      {state.status === "error" ? (
        <FormNotice tone="error">{state.message}</FormNotice>
      ) : null}
      {state.status === "success" ? (
        <FormNotice tone="success">{state.message}</FormNotice>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new version"}
        </Button>
      </div>
    </form>
  );
}
