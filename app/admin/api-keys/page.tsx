import type { Metadata } from "next";
import { ApiKeyCreateForm } from "@/components/admin/api-key-create-form";
import { ApiKeyList } from "@/components/admin/api-key-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/api/api-keys";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePageUser(adminRoles);
  const keys = await listApiKeys();
  return (
    <div className="space-y-6">
      <PageHeader title="API keys">
        Keys let the product&apos;s backends call the host API. Give each backend its own key.
      </PageHeader>
      <Card title="Create a key">
        <ApiKeyCreateForm />
      </Card>
      <Card title="Keys">
        <ApiKeyList keys={keys} />
      </Card>
    </div>
  );
}
