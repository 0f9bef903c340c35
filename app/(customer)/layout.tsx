import { HeaderBalance } from "@/components/gallery/header-balance";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";
import { ownBalance } from "@/lib/ledger/own-balance";

const nav = [
  { href: "/", label: "Gallery" },
  { href: "/credits", label: "Credits" },
];

export default async function CustomerLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(customerRoles);
  return (
    <AppShell user={user} nav={nav} aside={<HeaderBalance initial={await ownBalance(user)} />}>
      {children}
    </AppShell>
  );
}
