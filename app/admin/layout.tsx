import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";

const nav = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/eligibility", label: "Eligibility" },
  { href: "/admin/policy", label: "Policy" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/disputes", label: "Disputes" },
  { href: "/admin/staff", label: "Staff" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/insights", label: "Insights" },
  { href: "/support", label: "Support" },
];

/** What an agent may open under /admin: insights, read-only. */
const agentNav = [
  { href: "/support", label: "Queue" },
  { href: "/admin/insights", label: "Insights" },
];

/** Agents get in for /admin/insights only: the proxy keeps them out of the rest, and every page checks its own role. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(staffRoles);
  return (
    <AppShell user={user} nav={user.role === "admin" ? nav : agentNav}>
      {children}
    </AppShell>
  );
}
