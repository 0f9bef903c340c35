import type { Metadata } from "next";
import { RefundActivityList } from "@/components/refunds/refund-activity-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownRefundActivity } from "@/lib/refunds/own-activity";

export const metadata: Metadata = { title: "Refunds" };

export default async function RefundsPage() {
  const user = await requirePageUser(customerRoles);
  const activity = await ownRefundActivity(user);
  return (
    <div className="space-y-6">
      <PageHeader title="Refunds">
        Your Bad-result reports and the credits returned automatically for failed generations, newest first.
      </PageHeader>
      <RefundActivityList activity={activity} />
    </div>
  );
}
