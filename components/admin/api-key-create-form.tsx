"use client";

import { useActionState, useState } from "react";
import { createApiKeyAction } from "@/app/admin/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { idleState } from "@/lib/auth/action-state";

function NewKey({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p role="alert" className="text-sm font-medium text-amber-900">
        Copy this key now. Only its hash is stored, so it cannot be shown again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="new-api-key" className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900">
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

/** Controlled, because React clears a form after every action and a refused name should stay to be fixed. */
function NameField({ error }: { error?: string }) {
  const [name, setName] = useState("");
  return (
    <Field
      id="api-key-name"
      name="name"
      label="Name"
      placeholder="Generation service"
      required
      value={name}
      onChange={(event) => setName(event.target.value)}
      error={error}
    />
  );
}

export function ApiKeyCreateForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, idleState);
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          {/* A new key after each success empties the name for the next key. */}
          <NameField
            key={state.status === "success" ? state.shownOnce : "new"}
            error={state.status === "error" ? state.fieldErrors?.name : undefined}
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
      {state.status === "error" && !state.fieldErrors ? (
        <p role="alert" className="text-sm text-red-600">
          {state.message}
        </p>
      ) : null}
      {state.status === "success" && state.shownOnce ? <NewKey value={state.shownOnce} /> : null}
    </div>
  );
}
