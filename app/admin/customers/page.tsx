import type { Metadata } from "next";
import { z } from "zod";
import { CustomerResults } from "@/components/admin/customer-results";
import { CustomerSearch } from "@/components/admin/customer-search";
import { searchCustomers } from "@/lib/admin/customers";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Customers" };

// Anything unusable in the address is read as no search at all: the search box is the only way to make one.
const querySchema = z.object({ q: z.string().max(320).catch("") }).catch({ q: "" });

export default async function CustomersPage({ searchParams }: PageProps<"/admin/customers">) {
  await requirePageUser(adminRoles);
  const { q } = querySchema.parse(await searchParams);
  const customers = await searchCustomers(q);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Customers</h1>
        <p className="mt-1 text-sm text-slate-600">Find a customer by email, or by the id their host knows them by.</p>
      </div>
      <CustomerSearch query={q} />
      <CustomerResults customers={customers} query={q} />
    </div>
  );
}
