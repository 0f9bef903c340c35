import type { WebhookDeliveryStatus } from "@/db/enums";
import { dateTime } from "@/lib/format/date-time";
import type { DeliveryHistory } from "@/lib/webhooks/queries";
import { WebhookResendButton } from "./webhook-endpoint-controls";

const statusWords: Record<WebhookDeliveryStatus, { label: string; className: string }> = {
  pending: { label: "Retrying", className: "text-amber-700" },
  delivered: { label: "Delivered", className: "text-emerald-700" },
  failed: { label: "Failed", className: "text-red-700" },
};

function Attempts({ attempts }: { attempts: DeliveryHistory["attemptList"] }) {
  if (attempts.length === 0) return <p className="text-xs text-slate-500">Not attempted yet.</p>;
  return (
    <ol className="space-y-2">
      {attempts.map((attempt) => (
        <li key={attempt.id} data-testid="webhook-attempt" className="rounded-lg bg-slate-50 px-3 py-2 text-xs">
          <p className="text-slate-600">
            Attempt {attempt.number} · {dateTime(attempt.startedAt)}
            {attempt.durationMs === null ? null : ` · ${attempt.durationMs} ms`}
            {attempt.responseStatus === null ? null : (
              <>
                {" · "}
                <span data-testid="webhook-attempt-status" className="font-mono">
                  {attempt.responseStatus}
                </span>
              </>
            )}
          </p>
          <p data-testid="webhook-attempt-outcome" className="text-slate-900">
            {attempt.outcome ?? "Under way: no answer yet."}
          </p>
          {attempt.responseBody ? (
            <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-slate-700">{attempt.responseBody}</pre>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function WebhookDeliveryList({ deliveries, endpointId }: { deliveries: DeliveryHistory[]; endpointId: string }) {
  if (deliveries.length === 0) return <p className="text-sm text-slate-500">Nothing has been sent to it yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {deliveries.map((delivery) => {
        const status = statusWords[delivery.status];
        return (
          <li key={delivery.id} data-testid="webhook-delivery" className="space-y-2 py-3">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0 text-sm">
                <p>
                  <code className="font-medium text-slate-900">{delivery.eventType}</code>{" "}
                  <span data-testid="webhook-delivery-status" className={`font-medium ${status.className}`}>
                    {status.label}
                  </span>
                  {delivery.lastResponseStatus === null ? null : (
                    <span className="text-slate-600"> · last answer {delivery.lastResponseStatus}</span>
                  )}
                </p>
                <p className="text-xs text-slate-500">
                  <code>{delivery.eventId}</code> · {dateTime(delivery.createdAt)} · {delivery.attempts}{" "}
                  {delivery.attempts === 1 ? "attempt" : "attempts"}
                  {delivery.deliveredAt ? ` · delivered ${dateTime(delivery.deliveredAt)}` : null}
                  {delivery.nextAttemptAt ? ` · next attempt ${dateTime(delivery.nextAttemptAt)}` : null}
                </p>
              </div>
              {delivery.status === "pending" ? null : <WebhookResendButton id={delivery.id} endpointId={endpointId} />}
            </div>
            <Attempts attempts={delivery.attemptList} />
          </li>
        );
      })}
    </ul>
  );
}
