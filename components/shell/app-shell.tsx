import Link from "next/link";
import { signOutAction } from "@/app/actions/sign-out";
import type { CurrentUser } from "@/lib/auth/current-user";
import { homePath, passwordPath, roleLabels } from "@/lib/auth/roles.shared";
import { NavLinks, type NavItem } from "./nav-links";

export function AppShell({
  user,
  nav,
  aside,
  children,
}: {
  user: CurrentUser;
  nav: NavItem[];
  aside?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 pt-3">
          <Link href={homePath(user.role)} className="text-lg font-semibold tracking-tight text-slate-900">
            Makegood
          </Link>
          <div className="ml-auto flex flex-wrap items-center justify-end gap-3">
            {aside}
            {/* A phone has room for the bell, the balance and Sign out; the name waits for a wider screen. */}
            <div className="hidden text-right leading-tight sm:block" data-testid="signed-in-as">
              <p className="max-w-48 truncate text-sm font-medium text-slate-900">{user.name ?? user.email}</p>
              <p className="text-xs text-slate-500">{roleLabels[user.role]}</p>
            </div>
            <Link href={passwordPath} className="whitespace-nowrap text-sm font-medium text-slate-700 hover:underline">
              Password
            </Link>
            <form action={signOutAction}>
              <button
                type="submit"
                className="whitespace-nowrap rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
        <div className="mx-auto max-w-6xl px-4 pt-1">
          <NavLinks items={nav} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
