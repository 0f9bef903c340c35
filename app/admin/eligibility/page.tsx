import type { Metadata } from "next";
import { EligibilityEditor } from "@/components/admin/eligibility-editor";
import { PageHeader } from "@/components/ui/page-header";
import { eligibilityMatrix } from "@/lib/admin/eligibility";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "Eligibility" };

export default async function EligibilityPage() {
  await requirePageUser(adminRoles);
  const matrix = await eligibilityMatrix();
  return (
    <div className="space-y-6">
      <PageHeader title="Eligibility">
        Which results can be refunded, by feature, platform and context. Changes stay a draft until you save them with a
        note; the next refund request uses them at once.
      </PageHeader>
      <EligibilityEditor matrix={matrix} />
    </div>
  );
}
