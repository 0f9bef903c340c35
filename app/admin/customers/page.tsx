import type { Metadata } from "next";
import { z } from "zod";
import { CustomerResults } from "@/components/admin/customer-results";
import { CustomerSearch } from "@/components/admin/customer-search";
import { PageHeader } from "@/components/ui/page-header";
import { searchCustomers } from "@/lib/admin/customers";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";

export const metadata: Metadata = { title: "Customers" };

// Anything unusable in the address is read as no search at all: the search box is the only way to make one.
const querySchema = z.object({ q: z.string().max(320).catch("") }).catch({ q: "" });

export default async function CustomersPage({ searchParams }: PageProps<"/admin/customers">) {
  await requirePageUser(adminRoles);
  const { q } = querySchema.parse(await searchParams);
  const customers = await searchCustomers(q);
  return (
    <div className="space-y-6">
      <PageHeader title="Customers">Find a customer by email, or by the id their host knows them by.</PageHeader>
      <CustomerSearch query={q} />
      <CustomerResults customers={customers} query={q} />
    </div>
  );
}
