import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Gallery" };

export default async function GalleryPage() {
  const user = await requirePageUser(customerRoles);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your generations</h1>
        <p className="mt-1 text-sm text-slate-600">Welcome back, {user.name ?? user.email}.</p>
      </div>
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <p className="font-medium text-slate-800">No generations yet</p>
        <p className="mt-1 text-sm text-slate-500">Images and videos you generate will show up here.</p>
      </div>
    </div>
  );
}
