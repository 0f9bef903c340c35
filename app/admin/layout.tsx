import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

const nav = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/eligibility", label: "Eligibility" },
  { href: "/admin/policy", label: "Policy" },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/staff", label: "Staff" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/support", label: "Support" },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(adminRoles);
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
