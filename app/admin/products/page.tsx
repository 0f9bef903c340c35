import type { Metadata } from "next";
import { CatalogEditor } from "@/components/admin/catalog-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { listProducts } from "@/lib/purchases/catalog";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  await requirePageUser(adminRoles);
  const products = await listProducts();
  return (
    <div className="space-y-6">
      <PageHeader title="Products">
        What customers can buy: each product&apos;s price and the credits it grants. Changes stay a draft until you save
        them with a note; the next purchase uses them, and past purchases keep the terms they were bought on.
      </PageHeader>
      <CatalogEditor products={products} />
    </div>
  );
}
