"use client";

import { createApiKeyAction } from "@/app/admin/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { ShownOnce } from "./shown-once";

export function ApiKeyCreateForm() {
  const { state, values, errors, action, pending } = useFormAction(createApiKeyAction);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field
            id="api-key-name"
            name="name"
            label="Name"
            placeholder="Generation service"
            required
            defaultValue={values.name}
            error={errors.name}
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {state.status === "error" ? <FormNotice state={state} fields={["name"]} /> : null}
      {state.status === "success" && state.shownOnce ? (
        <ShownOnce
          value={state.shownOnce}
          warning="Copy this key now. Only its hash is stored, so it cannot be shown again."
          testId="new-api-key"
        />
      ) : null}
    </div>
  );
}
