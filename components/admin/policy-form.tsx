"use client";

import { useId, useRef, useState, useTransition } from "react";
import { savePolicyAction, simulatePolicyAction } from "@/app/admin/policy/actions";
import { PolicySimulationResults } from "@/components/admin/policy-simulation";
import { Button } from "@/components/ui/button";
import { Field, SelectField, TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import {
  amount,
  downloadedThenUsedLabel,
  numericSettings,
  type PolicySettings,
} from "@/lib/policy/settings-form.shared";
import { simulationDays, type PolicySimulation } from "@/lib/policy/simulation.shared";
import type { QueryState } from "@/lib/auth/action-state.shared";

const idleSimulation: QueryState<PolicySimulation> = { status: "idle" };
const periodOptions = simulationDays.map((days) => ({ value: String(days), label: `The last ${days} days` }));

/**
 * Every setting at once; a refused save comes back as typed, a saved one shows the version now in force.
 * "Test on past requests" sends the same fields to the simulator without the form's action, so the form
 * is not reset and the draft stays as written until it is saved.
 */
export function PolicyForm({ current }: { current: PolicySettings & { version: number } }) {
  const [simulation, setSimulation] = useState(idleSimulation);
  const [testing, startTesting] = useTransition();
  const { state, values, errors, action, pending } = useFormAction(savePolicyAction, () =>
    setSimulation(idleSimulation),
  );
  const form = useRef<HTMLFormElement>(null);
  const refused = state.status === "error";
  const id = useId();
  const shownErrors = simulation.status === "error" ? (simulation.fieldErrors ?? {}) : errors;
  const fields = [...numericSettings.map((setting) => setting.key), "note"];

  function testDraft() {
    if (!form.current) return;
    const draft = new FormData(form.current);
    startTesting(async () => setSimulation(await simulatePolicyAction(draft)));
  }

  return (
    <form ref={form} action={action} noValidate className="space-y-5">
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
            error={shownErrors[setting.key]}
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
        error={shownErrors.note}
      />
      <FormNotice state={simulation.status === "error" ? simulation : state} fields={fields} />
      <div className="flex flex-wrap items-end justify-end gap-3">
        <div className="w-44">
          <SelectField
            id={`${id}-days`}
            name="simulationDays"
            label="Requests to test on"
            options={periodOptions}
            defaultValue={periodOptions[0]?.value}
            error={shownErrors.simulationDays}
          />
        </div>
        <Button type="button" variant="secondary" disabled={testing || pending} onClick={testDraft}>
          {testing ? "Testing…" : "Test on past requests"}
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new version"}
        </Button>
      </div>
      {simulation.status === "success" ? <PolicySimulationResults simulation={simulation.result} /> : null}
    </form>
  );
}
