import { AppShell } from "@/components/shell/app-shell";
import { Toaster } from "@/components/ui/toaster";
import { requirePageUser } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";

const nav = [
  { href: "/support", label: "Queue" },
  { href: "/admin/insights", label: "Insights" },
];

export default async function SupportLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(staffRoles);
  const navForUser = user.role === "admin" ? [...nav, { href: "/admin", label: "Admin" }] : nav;
  return (
    <AppShell user={user} nav={navForUser}>
      {children}
      <Toaster />
    </AppShell>
  );
}
