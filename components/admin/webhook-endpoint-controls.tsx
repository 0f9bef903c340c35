"use client";

import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEndpointEnabledAction,
} from "@/app/admin/webhooks/actions";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { ShownOnce } from "./shown-once";

/** Enable or disable, whichever applies now; the page re-renders with the other after a success. */
export function WebhookEnabledForm({ id, enabled }: { id: string; enabled: boolean }) {
  const { state, action, pending } = useFormAction(setWebhookEndpointEnabledAction);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="enabled" value={String(!enabled)} />
      <Button type="submit" variant={enabled ? "secondary" : "primary"} disabled={pending}>
        {pending ? "Saving…" : enabled ? "Disable" : "Enable"}
      </Button>
      <FormNotice state={state} />
    </form>
  );
}

export function WebhookRotateForm({ id }: { id: string }) {
  const { state, action, pending } = useFormAction(rotateWebhookSecretAction);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="id" value={id} />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Rotating…" : "Rotate secret"}
        </Button>
        <FormNotice state={state} />
      </form>
      {state.status === "success" && state.shownOnce ? (
        <ShownOnce
          value={state.shownOnce}
          warning="Copy the new secret now: it is not shown again. The old one keeps working for 24 hours."
          testId="new-webhook-secret"
        />
      ) : null}
    </div>
  );
}

/** Sends a test event while the admin waits, and says what happened: delivered, or what went wrong. */
export function WebhookTestForm({ id }: { id: string }) {
  const { state, action, pending } = useFormAction(sendTestWebhookAction);
  const failed = state.status === "success" && state.outcome === "failed";
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" disabled={pending}>
        {pending ? "Sending… (up to 15 seconds)" : "Send test event"}
      </Button>
      <div data-testid="webhook-test-result">
        {failed ? <FormNotice tone="error">{state.message}</FormNotice> : <FormNotice state={state} />}
      </div>
    </form>
  );
}

export function WebhookDeleteButton({ id, url }: { id: string; url: string }) {
  return (
    <ConfirmActionDialog
      id={id}
      action={deleteWebhookEndpointAction}
      trigger="Delete endpoint"
      title="Delete this endpoint?"
      description={`Nothing more is sent to ${url}, and deliveries waiting for it fail. Its history stays in the audit log.`}
      submitLabel="Delete endpoint"
      pendingLabel="Deleting…"
    />
  );
}

export function WebhookResendButton({ id, endpointId }: { id: string; endpointId: string }) {
  const { state, action, pending } = useFormAction(resendWebhookDeliveryAction);
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <FormNotice state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Queuing…" : "Resend"}
      </Button>
    </form>
  );
}
