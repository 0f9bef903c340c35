import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerAdjustForm } from "@/components/admin/customer-adjust-form";
import { customerPath } from "@/components/admin/customer-path";
import { BalanceFacts, GenerationList, RefundRequestList, SuspendedBadge } from "@/components/admin/customer-sections";
import { CustomerStandingForm } from "@/components/admin/customer-standing-form";
import { CreditHistory } from "@/components/credits/credit-history";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { customerOverview } from "@/lib/admin/customers";
import { requirePageUser } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { isDomainError } from "@/lib/errors";
import { dateTime } from "@/lib/format/date-time";
import { creditHistory, historyCursor } from "@/lib/ledger/history";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params, searchParams }: PageProps<"/admin/customers/[id]">) {
  await requirePageUser(adminRoles);
  const [{ id: rawId }, query] = await Promise.all([params, searchParams]);
  // Next hands the segment over percent-encoded, and host ids may hold ":".
  const id = decodeURIComponent(rawId);
  const cursor = historyCursor(query);
  const [overview, history] = await Promise.all([customerOverview(id), creditHistory(id, cursor)]).catch(
    (error: unknown) => {
      if (isDomainError(error) && error.code === "customer.not_found") notFound();
      throw error;
    },
  );
  const { customer } = overview;
  const suspended = customer.suspendedAt !== null;
  return (
    <div className="space-y-5">
      <Link href="/admin/customers" className="text-sm font-medium text-brand-700 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title={customer.email}
        actions={
          customer.suspendedAt ? (
            <div className="text-right text-sm text-slate-600">
              <SuspendedBadge />
              <p className="mt-1">since {dateTime(customer.suspendedAt)}</p>
            </div>
          ) : null
        }
      >
        {customer.name ? `${customer.name} · ` : null}
        <code>{customer.id}</code> · signed up {dateTime(customer.signedUpAt)}
      </PageHeader>
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          <Card title="Balance">
            <BalanceFacts balance={overview.balance} />
          </Card>
          <section aria-labelledby="history-title" className="space-y-3">
            <h2 id="history-title" className="text-base font-semibold text-slate-900">
              Credit history
            </h2>
            <CreditHistory page={history} paged={Object.keys(cursor).length > 0} basePath={customerPath(customer.id)} />
          </section>
          <Card title="Latest generations">
            <GenerationList generations={overview.generations} />
          </Card>
          <Card title="Refund requests">
            <RefundRequestList requests={overview.refundRequests} />
          </Card>
        </div>
        <div className="space-y-5">
          <Card title="Adjust credits">
            <CustomerAdjustForm customerId={customer.id} adjustmentKey={randomUUID()} />
          </Card>
          <Card title={suspended ? "Reinstate" : "Suspend"}>
            <CustomerStandingForm customerId={customer.id} suspended={suspended} />
          </Card>
        </div>
      </div>
    </div>
  );
}
