import type { Metadata } from "next";
import { StaffAccessForm } from "@/components/admin/staff-access-form";
import { StaffCreateForm } from "@/components/admin/staff-create-form";
import { StaffRoleForm } from "@/components/admin/staff-role-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listStaff } from "@/lib/admin/staff";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles, roleLabels } from "@/lib/auth/roles.shared";
import { dateTime } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const me = await requirePageUser(adminRoles);
  const staff = await listStaff();
  return (
    <div className="space-y-6">
      <PageHeader title="Staff">
        Support agents and admins. There is always at least one enabled admin. A disabled account cannot sign in, and
        its open sessions end at once.
      </PageHeader>
      <Card title="Add a staff member">
        <StaffCreateForm />
      </Card>
      <Card title="Everyone on staff">
        <ul aria-label="Staff" className="divide-y divide-slate-100">
          {staff.map((member) => (
            <li key={member.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="text-sm font-medium text-slate-900">
                  {member.name ?? member.email}
                  {member.id === me.id ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                </p>
                <p className="text-xs text-slate-500">
                  {member.email} · added {dateTime(member.createdAt)}
                  {member.disabledAt ? ` · disabled ${dateTime(member.disabledAt)}` : null}
                </p>
              </div>
              <div className="flex items-center gap-3">
                {member.disabledAt ? (
                  <span className="rounded-full bg-red-50 px-2.5 py-0.5 text-xs font-medium text-red-700">
                    Disabled
                  </span>
                ) : null}
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">
                  {roleLabels[member.role]}
                </span>
                <StaffRoleForm userId={member.id} role={member.role} who={member.name ?? member.email} />
                {member.id === me.id ? null : (
                  <StaffAccessForm
                    userId={member.id}
                    who={member.name ?? member.email}
                    disabled={member.disabledAt !== null}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
