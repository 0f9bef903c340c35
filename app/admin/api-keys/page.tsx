import type { Metadata } from "next";
import { ApiKeyCreateForm } from "@/components/admin/api-key-create-form";
import { ApiKeyList } from "@/components/admin/api-key-list";
import { Card } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api/api-keys";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePageUser(adminRoles);
  const keys = await listApiKeys();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keys let the product&apos;s backends call the host API. Give each backend its own key.
        </p>
      </div>
      <Card title="Create a key">
        <ApiKeyCreateForm />
      </Card>
      <Card title="Keys">
        <ApiKeyList keys={keys} />
      </Card>
    </div>
  );
}
