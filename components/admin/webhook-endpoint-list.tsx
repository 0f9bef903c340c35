import Link from "next/link";
import { dateTime } from "@/lib/format/date-time";
import type { WebhookEndpointView } from "@/lib/webhooks/endpoints";
import { WebhookEndpointStatus } from "./webhook-endpoint-status";

export function WebhookEndpointList({ endpoints }: { endpoints: WebhookEndpointView[] }) {
  if (endpoints.length === 0) return <p className="text-sm text-slate-500">No webhook endpoints yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table aria-label="Webhook endpoints" className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">URL</th>
            <th className="py-2 pr-4 font-medium">Event types</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 font-medium">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id} data-testid="webhook-endpoint">
              <td className="py-2.5 pr-4">
                <Link
                  href={`/admin/webhooks/${endpoint.id}`}
                  className="font-medium text-brand-700 wrap-anywhere hover:underline"
                >
                  {endpoint.url}
                </Link>
                {endpoint.description ? <p className="text-xs text-slate-500">{endpoint.description}</p> : null}
              </td>
              <td className="py-2.5 pr-4 font-mono text-xs text-slate-700">{endpoint.eventTypes.join(", ")}</td>
              <td className="py-2.5 pr-4">
                <WebhookEndpointStatus endpoint={endpoint} />
              </td>
              <td className="py-2.5 text-slate-600">{dateTime(endpoint.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
