"use client";

import { useState } from "react";
import { createApiKeyAction } from "@/app/admin/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";

function NewKey({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p role="alert" className="text-sm font-medium text-amber-900">
        Copy this key now. Only its hash is stored, so it cannot be shown again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="new-api-key"
          className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900"
        >
          {value}
        </code>
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

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
      {state.status === "success" && state.shownOnce ? <NewKey value={state.shownOnce} /> : null}
    </div>
  );
}
