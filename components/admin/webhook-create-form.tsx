"use client";

import Link from "next/link";
import { createWebhookEndpointAction } from "@/app/admin/webhooks/actions";
import { Button } from "@/components/ui/button";
import { Field, TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { webhookEventTypes } from "@/db/enums";
import { eventTypeField, webhookEventMeaning } from "@/lib/webhooks/event-types.shared";
import { ShownOnce } from "./shown-once";

const secretWarning =
  "Copy this signing secret now and give it to the host: it is not shown again. Rotate it on the endpoint's page if it is lost.";

export function WebhookCreateForm() {
  const { state, values, errors, action, pending } = useFormAction(createWebhookEndpointAction);
  const sent = Object.keys(values).length > 0;
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        <Field
          id="webhook-url"
          name="url"
          type="url"
          label="URL"
          placeholder="https://host.example/webhooks/makegood"
          hint="Must be https, on a public address."
          required
          defaultValue={values.url}
          error={errors.url}
        />
        <TextareaField
          id="webhook-description"
          name="description"
          label="Description (optional)"
          rows={2}
          defaultValue={values.description}
          error={errors.description}
        />
        <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Event types</legend>
          <div className="mt-1.5 grid gap-1.5 sm:grid-cols-2">
            {webhookEventTypes.map((type) => (
              <label
                key={type}
                className="flex items-start gap-2.5 rounded-lg border border-slate-200 px-3 py-2 text-sm"
              >
                <input
                  type="checkbox"
                  name={eventTypeField(type)}
                  defaultChecked={values[eventTypeField(type)] === "on"}
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                />
                <span>
                  <code className="font-medium text-slate-900">{type}</code>
                  <span className="block text-xs text-slate-500">{webhookEventMeaning[type]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <p id="webhook-events-error" className="mt-1.5 text-sm text-red-600">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <label className="flex items-center gap-2.5 text-sm text-slate-800">
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={sent ? values.enabled === "on" : true}
            className="size-4 accent-brand-600"
          />
          Enabled: deliver events as soon as it is created
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create endpoint"}
          </Button>
          <FormNotice state={state} fields={["url", "description", "events"]} />
        </div>
      </form>
      {state.status === "success" && state.shownOnce ? (
        <div className="space-y-2">
          <ShownOnce value={state.shownOnce} warning={secretWarning} testId="new-webhook-secret" />
          {state.outcome ? (
            <Link
              href={`/admin/webhooks/${state.outcome}`}
              className="text-sm font-medium text-brand-700 hover:underline"
            >
              Open the endpoint to send a test event →
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
