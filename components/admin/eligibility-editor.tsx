"use client";

import { useId, useState } from "react";
import { saveEligibilityAction } from "@/app/admin/eligibility/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { platforms, type Context, type DecisionMode, type Platform } from "@/db/enums";
import type { EligibilityMatrix, FeatureRow } from "@/lib/admin/eligibility";
import { maxCreditCost } from "@/lib/admin/eligibility-shape.shared";
import { contextLabels, platformLabels } from "@/lib/generations/labels.shared";
import { EligibilitySwitch } from "./eligibility-switch";

/** The cost stays as typed, so that the server's message can explain a value it refuses. */
type FeatureDraft = { creditCost?: string; decisionMode?: DecisionMode } & Partial<Record<Platform, boolean>>;
type Draft = { features: Record<string, FeatureDraft>; contexts: Partial<Record<Context, boolean>> };

const emptyDraft: Draft = { features: {}, contexts: {} };

const inputClasses =
  "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500";

function countOf(draft: Draft) {
  const features = Object.values(draft.features).reduce((sum, fields) => sum + Object.keys(fields).length, 0);
  return features + Object.keys(draft.contexts).length;
}

const costField = (feature: string) => `changes.features.${feature}.creditCost`;

/** A value set back to what is saved leaves the draft, so the count only counts real changes. */
function withField<Value>(fields: Record<string, Value>, name: string, value: Value, saved: Value) {
  const next = { ...fields };
  if (value === saved) delete next[name];
  else next[name] = value;
  return next;
}

/**
 * The matrix is a draft held here and sent as one JSON field, so its controls stay outside the form:
 * the form's reset after each save would put them back as first rendered.
 */
export function EligibilityEditor({ matrix }: { matrix: EligibilityMatrix }) {
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const { state, values, errors, action, pending } = useFormAction(saveEligibilityAction, (answer) => {
    if (answer.status === "success") setDraft(emptyDraft);
  });
  const noteId = useId();
  const count = countOf(draft);
  const costFields = matrix.features.map((feature) => costField(feature.key));

  function changeFeature(
    feature: FeatureRow,
    name: keyof FeatureDraft,
    value: string | boolean,
    saved: string | boolean,
  ) {
    setDraft((current) => {
      const fields = withField<string | boolean | undefined>({ ...current.features[feature.key] }, name, value, saved);
      const features = { ...current.features, [feature.key]: fields as FeatureDraft };
      if (Object.keys(fields).length === 0) delete features[feature.key];
      return { ...current, features };
    });
  }

  function changeContext(context: Context, value: boolean, saved: boolean) {
    setDraft((current) => ({ ...current, contexts: withField(current.contexts, context, value, saved) }));
  }

  return (
    <div className="space-y-6">
      <Card title="Features">
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="w-full min-w-[40rem] text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Feature
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Cost (credits)
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Decision
                </th>
                {platforms.map((platform) => (
                  <th key={platform} scope="col" className="px-3 py-2 text-center font-medium">
                    {platformLabels[platform]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {matrix.features.map((feature) => {
                const edits = draft.features[feature.key] ?? {};
                const costError = errors[costField(feature.key)];
                return (
                  <tr key={feature.key} data-feature={feature.key}>
                    <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-800">
                      {feature.name}
                      <span className="ml-1.5 text-xs font-normal text-slate-500">{feature.kind}</span>
                    </th>
                    <td className="px-3 py-2 align-top">
                      <input
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={maxCreditCost}
                        step={1}
                        aria-label={`${feature.name} credit cost`}
                        aria-invalid={costError ? true : undefined}
                        value={edits.creditCost ?? String(feature.creditCost)}
                        onChange={(event) =>
                          changeFeature(feature, "creditCost", event.target.value, String(feature.creditCost))
                        }
                        className={`${inputClasses} w-24 ${edits.creditCost !== undefined ? "ring-2 ring-amber-400" : ""}`}
                      />
                      {costError ? <p className="mt-1 text-xs text-red-600">{costError}</p> : null}
                    </td>
                    <td className="px-3 py-2 align-top">
                      <select
                        aria-label={`${feature.name} decision mode`}
                        value={edits.decisionMode ?? feature.decisionMode}
                        onChange={(event) =>
                          changeFeature(feature, "decisionMode", event.target.value, feature.decisionMode)
                        }
                        className={`${inputClasses} ${edits.decisionMode !== undefined ? "ring-2 ring-amber-400" : ""}`}
                      >
                        <option value="instant">Instant</option>
                        <option value="review">Review</option>
                      </select>
                    </td>
                    {platforms.map((platform) => (
                      <td key={platform} className="px-3 py-2 text-center align-top">
                        <EligibilitySwitch
                          label={`${feature.name} on ${platformLabels[platform]}`}
                          checked={edits[platform] ?? feature.platforms[platform]}
                          changed={edits[platform] !== undefined}
                          onChange={(checked) => changeFeature(feature, platform, checked, feature.platforms[platform])}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Contexts">
        <p className="mb-3 text-sm text-slate-600">A context that is off refuses every feature made in it.</p>
        <ul className="divide-y divide-slate-100 text-sm">
          {matrix.contexts.map(({ context, eligible }) => (
            <li key={context} className="flex items-center justify-between py-2">
              <span className="font-medium text-slate-800">{contextLabels[context]}</span>
              <EligibilitySwitch
                label={`${contextLabels[context]} context`}
                checked={draft.contexts[context] ?? eligible}
                changed={draft.contexts[context] !== undefined}
                onChange={(checked) => changeContext(context, checked, eligible)}
              />
            </li>
          ))}
        </ul>
      </Card>
      <form
        action={action}
        className="sticky bottom-0 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-lg"
      >
        <input type="hidden" name="changes" value={JSON.stringify(draft)} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm font-medium text-slate-800" data-testid="unsaved-count">
            {count === 0 ? "No unsaved changes" : count === 1 ? "1 unsaved change" : `${count} unsaved changes`}
          </p>
          <Button type="button" variant="secondary" disabled={count === 0} onClick={() => setDraft(emptyDraft)}>
            Discard
          </Button>
        </div>
        <TextareaField
          id={noteId}
          name="note"
          label="Note"
          rows={2}
          maxLength={1000}
          placeholder="Why these changes? The audit log keeps it."
          defaultValue={values.note}
          error={errors.note}
        />
        {state.status === "success" && count > 0 ? null : <FormNotice state={state} fields={[...costFields, "note"]} />}
        <div className="flex justify-end">
          <Button type="submit" disabled={pending || count === 0}>
            {pending ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </form>
    </div>
  );
}
