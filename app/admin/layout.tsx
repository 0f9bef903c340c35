import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles";

const nav = [
  { href: "/admin", label: "Overview" },
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
