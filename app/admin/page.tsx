import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { adminOverview } from "@/lib/admin/overview";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "Admin" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function AdminHomePage() {
  await requirePageUser(adminRoles);
  const overview = await adminOverview();
  const stats = [
    { label: "Customers", value: overview.customers },
    { label: "Support agents", value: overview.agents },
    { label: "Admins", value: overview.admins },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Admin">Refund rules, customers and the audit trail.</PageHeader>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <dt className="text-sm text-slate-500">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold">{stat.value}</dd>
          </div>
        ))}
      </dl>
      <Card title="Recent activity">
        {overview.recentAudit.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing has changed yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {overview.recentAudit.map((event) => (
              <li key={event.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{event.actorName ?? "System"}</span> · {event.action} ·{" "}
                  <span className="text-slate-500">
                    {event.targetType} {event.targetId}
                  </span>
                </span>
                <time className="text-slate-500" dateTime={event.createdAt.toISOString()}>
                  {timeFormat.format(event.createdAt)} UTC
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
