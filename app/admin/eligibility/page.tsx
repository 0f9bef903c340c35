import type { Metadata } from "next";
import { EligibilityEditor } from "@/components/admin/eligibility-editor";
import { eligibilityMatrix } from "@/lib/admin/eligibility";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Eligibility" };

export default async function EligibilityPage() {
  await requirePageUser(adminRoles);
  const matrix = await eligibilityMatrix();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Eligibility</h1>
        <p className="mt-1 text-sm text-slate-600">
          Which results can be refunded, by feature, platform and context. Changes stay a draft until you save them
          with a note; the next refund request uses them at once.
        </p>
      </div>
      <EligibilityEditor matrix={matrix} />
    </div>
  );
}
