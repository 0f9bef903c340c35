import type { Metadata } from "next";
import { RefundActivityList } from "@/components/refunds/refund-activity-list";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";
import { ownRefundActivity } from "@/lib/refunds/own-activity";

export const metadata: Metadata = { title: "Refunds" };

export default async function RefundsPage() {
  const user = await requirePageUser(customerRoles);
  const activity = await ownRefundActivity(user);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Refunds</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your Bad-result reports and the credits returned automatically for failed generations, newest first.
        </p>
      </div>
      <RefundActivityList activity={activity} />
    </div>
  );
}
