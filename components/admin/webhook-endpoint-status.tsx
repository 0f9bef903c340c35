import type { WebhookEndpointView } from "@/lib/webhooks/endpoints";

export function WebhookEndpointStatus({
  endpoint,
}: {
  endpoint: Pick<WebhookEndpointView, "enabled" | "disabledReason">;
}) {
  return endpoint.enabled ? (
    <span data-testid="webhook-status" className="text-emerald-700">
      Enabled
    </span>
  ) : (
    <span data-testid="webhook-status" className="text-red-700" title={endpoint.disabledReason ?? undefined}>
      Disabled
    </span>
  );
}
