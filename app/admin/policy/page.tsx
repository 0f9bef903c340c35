import type { Metadata } from "next";
import { PolicyForm } from "@/components/admin/policy-form";
import { PolicyVersions } from "@/components/admin/policy-versions";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { policyHistory, type PolicyVersion } from "@/lib/policy/versions";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { dateTime } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Refund policy" };

export default async function PolicyPage() {
  await requirePageUser(adminRoles);
  const [inForce, ...earlier] = await policyHistory();
  const view = ({ createdAt, ...version }: PolicyVersion) => ({ ...version, savedAt: dateTime(createdAt) });
  const current = view(inForce);
  const versions = [current, ...earlier.map(view)];
  return (
    <div className="space-y-6">
      <PageHeader title="Refund policy">
        Version <strong data-testid="policy-version">{current.version}</strong> is in force, saved by{" "}
        {current.authorName ?? "the system"} on {current.savedAt}. Each save makes a new version, which the next refund
        request uses at once.
      </PageHeader>
      <Card title="Settings">
        <PolicyForm current={current} />
      </Card>
      <Card title="Versions">
        {/* A new version starts the comparison over, at what it changed. */}
        <PolicyVersions key={current.version} versions={versions} />
      </Card>
    </div>
  );
}
