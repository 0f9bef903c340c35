import { HeaderBalance } from "@/components/gallery/header-balance";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { AppShell } from "@/components/shell/app-shell";
import { Toaster } from "@/components/ui/toaster";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownBalance } from "@/lib/ledger/own-balance";
import { ownInbox } from "@/lib/notifications/inbox";

const nav = [
  { href: "/", label: "Gallery" },
  { href: "/credits", label: "Credits" },
  { href: "/purchases", label: "Purchases" },
  { href: "/refunds", label: "Refunds" },
];

export default async function CustomerLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(customerRoles);
  const [balance, inbox] = await Promise.all([ownBalance(user), ownInbox(user)]);
  return (
    <AppShell
      user={user}
      nav={nav}
      aside={
        <>
          <NotificationBell initial={inbox} />
          <HeaderBalance initial={balance} />
        </>
      }
    >
      {children}
      <Toaster />
    </AppShell>
  );
}
