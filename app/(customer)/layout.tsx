import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";

const nav = [{ href: "/", label: "Gallery" }];

export default async function CustomerLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(customerRoles);
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
