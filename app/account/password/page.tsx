import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/app/actions/sign-out";
import { PasswordForm } from "@/components/account/password-form";
import { FormNotice } from "@/components/ui/form-notice";
import { requirePageUser } from "@/lib/auth/guards";
import { everyRole, homePath } from "@/lib/auth/roles.shared";
import { changedParam } from "./changed";

export const metadata: Metadata = { title: "Password" };

/** Open to everyone signed in, and the only page open to staff who must still choose their password. */
export default async function PasswordPage({ searchParams }: PageProps<"/account/password">) {
  const user = await requirePageUser(everyRole, { beforePasswordChange: true });
  const mustChoose = user.mustChangePassword;
  const changed = (await searchParams)[changedParam] === "1";
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-8 text-center text-2xl font-semibold tracking-tight text-slate-900">Makegood</p>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-2 text-lg font-semibold">{mustChoose ? "Choose your password" : "Change your password"}</h1>
          <p className="mb-5 text-sm text-slate-600">
            {mustChoose
              ? "An admin gave you a first password. Choose your own before you go on: type the first one, then yours."
              : "Changing it signs you out on every other device."}
          </p>
          {changed ? (
            <div className="mb-4">
              <FormNotice tone="success">Your password is changed. You are signed out everywhere else.</FormNotice>
            </div>
          ) : null}
          <PasswordForm />
        </div>
        <div className="mt-4 flex items-center justify-between text-sm">
          {mustChoose ? (
            <span />
          ) : (
            <Link href={homePath(user.role)} className="font-medium text-slate-700 hover:underline">
              Back
            </Link>
          )}
          <form action={signOutAction}>
            <button type="submit" className="font-medium text-slate-700 hover:underline">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
