import { credits } from "@/lib/format/credits.shared";
import { dateTime } from "@/lib/format/date-time";
import { money } from "@/lib/format/money.shared";
import { generationStatusLabels } from "@/lib/generations/labels.shared";
import { productKindLabels, purchaseStatusLabels } from "@/lib/purchases/labels.shared";
import type { PurchaseSubject } from "@/lib/support/review-detail";
import { Facts } from "./request-sections";

/** The read-only parts of a purchase refund request's page, rendered on the server. */

const providerNames: Record<PurchaseSubject["purchase"]["provider"], string> = {
  demo: "The demo provider (no card charged)",
  stripe: "Stripe",
  host: "The host's own billing",
};

export function PurchaseFacts({ subject }: { subject: PurchaseSubject }) {
  const { purchase } = subject;
  const refunded =
    purchase.moneyRefunded > 0 || purchase.creditsReversed > 0
      ? `${money(purchase.moneyRefunded, purchase.currency)}; ${credits(purchase.creditsReversed)} taken back`
      : "Nothing yet";
  return (
    <div data-testid="purchase-facts">
      <Facts
        rows={[
          ["Product", `${purchase.productName} (${productKindLabels[purchase.productKind]})`],
          ["Amount", money(purchase.amount, purchase.currency)],
          ["Bought", dateTime(purchase.purchasedAt)],
          ["Status", purchaseStatusLabels[purchase.status]],
          ["Credits granted", credits(purchase.credits)],
          ["Refunded", refunded],
          [
            "Renewal",
            purchase.renewal
              ? purchase.cancelRequestedAt
                ? `Yes; cancellation asked for ${dateTime(purchase.cancelRequestedAt)}`
                : "Yes; no cancellation asked for"
              : "No",
          ],
          ["Possible duplicate", purchase.duplicateOf ? `Yes, of ${purchase.duplicateOf}` : "No"],
          ["Paid through", providerNames[purchase.provider]],
          [
            "Purchase",
            <code key="id" className="text-xs">
              {purchase.id}
            </code>,
          ],
        ]}
      />
    </div>
  );
}

export function CreditsSince({ subject }: { subject: PurchaseSubject }) {
  const { purchase, figures } = subject;
  return (
    <Facts
      rows={[
        [
          "Used since",
          <span data-testid="credits-used-since" key="used">
            {credits(subject.creditsUsedSince)}
          </span>,
        ],
        ["Available now", credits(subject.available)],
        [
          "If approved",
          `${money(figures.moneyRefunded, purchase.currency)} back, ${credits(figures.creditsReversed)} taken back${purchase.duplicateOf ? " (a possible duplicate: in full)" : ""}`,
        ],
      ]}
    />
  );
}

export function GenerationsDuring({ subject }: { subject: PurchaseSubject }) {
  const { generations, period } = subject;
  if (generations.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No generations between {dateTime(period.from)} and {dateTime(period.to)}.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        From {dateTime(period.from)} to {dateTime(period.to)}
        {subject.purchase.productKind === "day_pass" ? ", the pass's 24 hours" : ", the purchase to the request"}.
      </p>
      <ul data-testid="generations-during" className="divide-y divide-slate-100 text-sm">
        {generations.map((generation) => (
          <li key={generation.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-1.5">
            <span className="min-w-0 truncate text-slate-900">
              {generation.featureName} · {generationStatusLabels[generation.status]} · {credits(generation.cost)}
            </span>
            <span className="shrink-0 text-xs text-slate-500">
              {dateTime(generation.createdAt)}
              {generation.downloadedAt ? ` · downloaded ${dateTime(generation.downloadedAt)}` : ""}
              {generation.outputUrl ? (
                <>
                  {" · "}
                  <a
                    href={generation.outputUrl}
                    target="_blank"
                    rel="noreferrer"
                    className="text-brand-700 hover:underline"
                  >
                    output
                  </a>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
