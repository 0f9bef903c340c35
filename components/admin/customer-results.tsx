import Link from "next/link";
import { searchLimit, type CustomerRow } from "@/lib/admin/customers";
import { dateTime } from "@/lib/format/date-time";
import { customerPath } from "./customer-path";
import { SuspendedBadge } from "./customer-sections";

export function CustomerResults({ customers, query }: { customers: CustomerRow[]; query: string }) {
  if (customers.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-medium text-slate-800">
          {query ? <>No customer matches &ldquo;{query}&rdquo;</> : "No customers yet"}
        </p>
        <p className="mt-1 text-sm text-slate-500">
          {query ? "Try part of the email, or the exact customer id." : "Hosts register customers through the API."}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {query ? `Customers matching “${query}”` : "Newest customers"}
        {customers.length === searchLimit
          ? ` · the first ${searchLimit} shown, search more precisely for others`
          : null}
      </p>
      <ul
        aria-label="Customers"
        className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm"
      >
        {customers.map((customer) => (
          <li key={customer.id} data-testid="customer-row">
            <Link
              href={customerPath(customer.id)}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
            >
              <span className="min-w-0">
                <span className="block break-all text-sm font-medium text-slate-900">{customer.email}</span>
                <span className="block break-all text-xs text-slate-500">
                  {customer.name ? `${customer.name} · ` : null}
                  {customer.id} · signed up {dateTime(customer.signedUpAt)}
                </span>
              </span>
              {customer.suspendedAt ? <SuspendedBadge /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
