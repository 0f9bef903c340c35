import type { Metadata } from "next";
import { CreditHistory } from "@/components/credits/credit-history";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { creditHistory, historyCursor } from "@/lib/ledger/history";

export const metadata: Metadata = { title: "Credits" };

export default async function CreditsPage({ searchParams }: PageProps<"/credits">) {
  const user = await requirePageUser(customerRoles);
  const cursor = historyCursor(await searchParams);
  const page = await creditHistory(ownCustomerId(user), cursor);
  return (
    <div className="space-y-6">
      <PageHeader title="Credit history">Every movement of your credits, newest first.</PageHeader>
      <CreditHistory page={page} paged={Object.keys(cursor).length > 0} basePath="/credits" />
    </div>
  );
}
