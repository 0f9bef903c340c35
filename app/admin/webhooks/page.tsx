import type { Metadata } from "next";
import { WebhookCreateForm } from "@/components/admin/webhook-create-form";
import { WebhookEndpointList } from "@/components/admin/webhook-endpoint-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageUser(adminRoles);
  const endpoints = await listWebhookEndpoints();
  return (
    <div className="space-y-6">
      <PageHeader title="Webhooks">
        Endpoints where the product&apos;s backends hear about decisions, released holds and suspensions, signed per
        Standard Webhooks.
      </PageHeader>
      <Card title="Add an endpoint">
        <WebhookCreateForm />
      </Card>
      <Card title="Endpoints">
        <WebhookEndpointList endpoints={endpoints} />
      </Card>
    </div>
  );
}
