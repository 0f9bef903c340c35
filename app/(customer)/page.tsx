import type { Metadata } from "next";
import { Gallery } from "@/components/gallery/gallery";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { galleryFor } from "@/lib/generations/gallery";

export const metadata: Metadata = { title: "Gallery" };

export default async function GalleryPage() {
  const user = await requirePageUser(customerRoles);
  const { newGeneration, minDetailsLength, ...initial } = await galleryFor(user);
  return (
    <div className="space-y-6">
      <PageHeader title="Your generations">
        A generation that fails costs nothing: its credits come back automatically.
      </PageHeader>
      <Gallery initial={initial} newGeneration={newGeneration} minDetailsLength={minDetailsLength} />
    </div>
  );
}
