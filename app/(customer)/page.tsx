import type { Metadata } from "next";
import { Gallery } from "@/components/gallery/gallery";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";
import { galleryFor } from "@/lib/generations/gallery";

export const metadata: Metadata = { title: "Gallery" };

export default async function GalleryPage() {
  const user = await requirePageUser(customerRoles);
  const { features, samples, minDetailsLength, ...initial } = await galleryFor(user);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your generations</h1>
        <p className="mt-1 text-sm text-slate-600">
          A generation that fails costs nothing: its credits come back automatically.
        </p>
      </div>
      <Gallery initial={initial} features={features} samples={samples} minDetailsLength={minDetailsLength} />
    </div>
  );
}
