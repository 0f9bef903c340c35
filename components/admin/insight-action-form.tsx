"use client";

import { recordInsightActionAction } from "@/app/admin/insights/actions";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { insightActionKindLabels } from "@/lib/insights/action-kinds.shared";

const kindOptions = Object.entries(insightActionKindLabels).map(([value, label]) => ({ value, label }));

const fields = ["kind", "featureKey", "theme", "title", "link", "takenOn"];

/** Records what the team did about a feature or a theme, so that insights can show its effect. */
export function InsightActionForm({
  features,
  themes,
  today,
}: {
  features: readonly { value: string; label: string }[];
  themes: readonly string[];
  today: string;
}) {
  const { state, values, errors, action, pending } = useFormAction(recordInsightActionAction);
  return (
    <form action={action} aria-label="Record an action" className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id="action-kind"
          name="kind"
          label="What was done"
          options={kindOptions}
          defaultValue={values.kind ?? "guide_updated"}
          error={errors.kind}
        />
        <SelectField
          id="action-feature"
          name="featureKey"
          label="Feature"
          options={[{ value: "", label: "Choose a feature" }, ...features]}
          defaultValue={values.featureKey ?? ""}
          error={errors.featureKey}
        />
        <Field
          id="action-theme"
          name="theme"
          label="Theme (optional)"
          list="action-themes"
          autoComplete="off"
          hint="One of the feature's themes, to follow just those reports."
          defaultValue={values.theme}
          error={errors.theme}
        />
        <datalist id="action-themes">
          {themes.map((theme) => (
            <option key={theme} value={theme} />
          ))}
        </datalist>
        <Field
          id="action-title"
          name="title"
          label="Title"
          required
          maxLength={200}
          defaultValue={values.title}
          error={errors.title}
        />
        <Field
          id="action-link"
          name="link"
          type="url"
          label="Link (optional)"
          placeholder="https://"
          defaultValue={values.link}
          error={errors.link}
        />
        <Field
          id="action-date"
          name="takenOn"
          type="date"
          label="Date"
          required
          max={today}
          defaultValue={values.takenOn ?? today}
          error={errors.takenOn}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Recording…" : "Record action"}
        </Button>
        <FormNotice state={state} fields={fields} />
      </div>
    </form>
  );
}
