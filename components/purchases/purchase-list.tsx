import type { ReactNode } from "react";
import type { PurchaseStatus } from "@/db/enums";
import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { money } from "@/lib/format/money.shared";
import { productKindLabels, purchaseStatusLabels } from "@/lib/purchases/labels.shared";
import type { OwnPurchase } from "@/lib/purchases/purchases";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";

const statusTones: Record<PurchaseStatus, string> = {
  paid: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  partially_refunded: "bg-amber-50 text-amber-800 ring-amber-600/20",
  refunded: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

function StatusBadge({ status }: { status: PurchaseStatus }) {
  return (
    <span
      data-testid="purchase-status"
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${statusTones[status]}`}
    >
      {purchaseStatusLabels[status]}
    </span>
  );
}

/** What came back of a purchase, and what became of a refund asked for that has not moved anything yet. */
function RefundLine({ purchase }: { purchase: OwnPurchase }) {
  const request = purchase.refundRequest;
  if (purchase.moneyRefunded > 0 || purchase.creditsReversed > 0) {
    return (
      <p data-testid="purchase-refunded" className="text-sm text-slate-700">
        Refunded {money(purchase.moneyRefunded, purchase.currency)}; {credits(purchase.creditsReversed)} taken back
        {purchase.moneyRefund?.status === "pending" ? " (the money is on its way)" : ""}.
      </p>
    );
  }
  if (!request) return null;
  return (
    <p data-testid="purchase-refund-request" className="text-sm text-slate-700">
      <span className="font-medium">Refund {refundStatusLabels[request.status].toLowerCase()}</span>
      {request.decisionMessage ? `: ${request.decisionMessage}` : ""}
    </p>
  );
}

/**
 * The customer's purchases, newest first. `duplicateBanner` and `refundControl` are the refund
 * controls of a purchase, given by the page so that this list stays free of actions.
 */
export function PurchaseList({
  purchases,
  highlight,
  duplicateBanner,
  refundControl,
}: {
  purchases: OwnPurchase[];
  highlight?: string;
  duplicateBanner: (purchase: OwnPurchase) => ReactNode;
  refundControl: (purchase: OwnPurchase) => ReactNode;
}) {
  if (purchases.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-medium text-slate-800">No purchases yet</p>
        <p className="mt-1 text-sm text-slate-500">What you buy above appears here, with any refund of it.</p>
      </div>
    );
  }
  return (
    <ol className="space-y-3">
      {purchases.map((purchase) => (
        <li
          key={purchase.id}
          data-testid="purchase"
          data-purchase-id={purchase.id}
          aria-current={purchase.id === highlight ? "true" : undefined}
          className={`space-y-2 rounded-xl border bg-white p-4 shadow-sm ${
            purchase.id === highlight ? "border-brand-400 ring-2 ring-brand-100" : "border-slate-200"
          }`}
        >
          <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
            <StatusBadge status={purchase.status} />
            <h3 className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">{purchase.productName}</h3>
            <span className="text-sm font-semibold tabular-nums text-slate-900" data-testid="purchase-amount">
              {money(purchase.amount, purchase.currency)}
            </span>
          </div>
          <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
            <span>{productKindLabels[purchase.kind]}</span>
            <span data-testid="purchase-credits">{credits(purchase.credits)} granted</span>
            <span>
              Bought <time dateTime={purchase.purchasedAt.toISOString()}>{dateTime(purchase.purchasedAt)}</time>
            </span>
          </p>
          <RefundLine purchase={purchase} />
          {purchase.duplicateOf && !purchase.refundRequest ? duplicateBanner(purchase) : null}
          <div className="flex justify-end">{refundControl(purchase)}</div>
        </li>
      ))}
    </ol>
  );
}
