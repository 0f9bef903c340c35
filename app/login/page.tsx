import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { currentUser } from "@/lib/auth/current-user";
import { homePath } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: PageProps<"/login">) {
  const user = await currentUser();
  if (user) redirect(homePath(user.role));
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Makegood</p>
          <p className="mt-1 text-sm text-slate-600">Credits back when a generation lets you down.</p>
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-5 text-lg font-semibold">Sign in</h1>
          <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : "/"} />
        </div>
      </div>
    </main>
  );
}
