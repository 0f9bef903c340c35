import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  WebhookDeleteButton,
  WebhookEnabledForm,
  WebhookRotateForm,
  WebhookTestForm,
} from "@/components/admin/webhook-endpoint-controls";
import { WebhookDeliveryList } from "@/components/admin/webhook-delivery-list";
import { WebhookEndpointStatus } from "@/components/admin/webhook-endpoint-status";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { isDomainError } from "@/lib/errors";
import { dateTime } from "@/lib/format/date-time";
import { webhookEndpointById } from "@/lib/webhooks/endpoints";
import { recentDeliveries } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: PageProps<"/admin/webhooks/[id]">) {
  await requirePageUser(adminRoles);
  const { id } = await params;
  const endpoint = await webhookEndpointById(id).catch((error: unknown) => {
    if (isDomainError(error) && error.code === "webhook_endpoint.not_found") notFound();
    throw error;
  });
  const deliveries = await recentDeliveries(endpoint.id);
  return (
    <div className="space-y-5">
      <Link href="/admin/webhooks" className="text-sm font-medium text-brand-700 hover:underline">
        ← Webhooks
      </Link>
      <PageHeader title={endpoint.url} actions={<WebhookEndpointStatus endpoint={endpoint} />}>
        {endpoint.description ? `${endpoint.description} · ` : null}created {dateTime(endpoint.createdAt)} ·{" "}
        <span className="font-mono">{endpoint.eventTypes.join(", ")}</span>
      </PageHeader>
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card title="Deliveries" className="min-w-0">
          <WebhookDeliveryList deliveries={deliveries} endpointId={endpoint.id} />
        </Card>
        <div className="space-y-5">
          <Card title="Send test event">
            <p className="mb-3 text-sm text-slate-600">
              Sends a signed <code>webhook.test</code> event now, once, and says what the endpoint answered.
            </p>
            <WebhookTestForm id={endpoint.id} />
          </Card>
          <Card title={endpoint.enabled ? "Enabled" : "Disabled"}>
            {endpoint.disabledReason && endpoint.disabledAt ? (
              <p data-testid="webhook-disabled-reason" className="mb-3 text-sm text-slate-600">
                {endpoint.disabledReason} Since {dateTime(endpoint.disabledAt)}.
              </p>
            ) : null}
            <WebhookEnabledForm key={String(endpoint.enabled)} id={endpoint.id} enabled={endpoint.enabled} />
          </Card>
          <Card title="Signing secret">
            <p className="mb-3 text-sm text-slate-600">
              {endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()
                ? `The previous secret also signs deliveries until ${dateTime(endpoint.previousSecretExpiresAt)}.`
                : "A new secret is shown once; the old one keeps working for 24 hours."}
            </p>
            <WebhookRotateForm id={endpoint.id} />
          </Card>
          <Card title="Delete">
            <WebhookDeleteButton id={endpoint.id} url={endpoint.url} />
          </Card>
        </div>
      </div>
    </div>
  );
}
