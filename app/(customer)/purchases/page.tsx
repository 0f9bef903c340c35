import type { Metadata } from "next";
import { DuplicateChargeBanner } from "@/components/purchases/duplicate-charge-banner";
import { ProductCards } from "@/components/purchases/product-cards";
import { PurchaseList } from "@/components/purchases/purchase-list";
import { PurchaseRefundDialog } from "@/components/purchases/purchase-refund-dialog";
import { FormNotice } from "@/components/ui/form-notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { ownCustomerId } from "@/lib/customers/own-customer";
import { credits } from "@/lib/format/credits.shared";
import { listProducts } from "@/lib/purchases/catalog";
import { purchasesOf } from "@/lib/purchases/purchases";
import { policyInForce } from "@/lib/policy/versions";
import { requestPurchaseRefundAction } from "./actions";

export const metadata: Metadata = { title: "Purchases" };

export default async function PurchasesPage({ searchParams }: PageProps<"/purchases">) {
  const user = await requirePageUser(customerRoles);
  const [products, purchases, policy, { purchase: returned }] = await Promise.all([
    listProducts({ onSale: true }),
    purchasesOf(ownCustomerId(user)),
    policyInForce(),
    searchParams,
  ]);
  const { minDetailsLength } = policy.refundRules;
  // A provider sends the customer back here after paying; its report of the payment may still be on its way.
  const returnedId = typeof returned === "string" ? returned : undefined;
  const bought = purchases.find((purchase) => purchase.id === returnedId);
  return (
    <div className="space-y-8">
      <PageHeader title="Purchases">Buy credits, and see what you bought and what was refunded of it.</PageHeader>
      {returnedId ? (
        <FormNotice tone="success">
          {bought
            ? `Thank you: ${credits(bought.credits)} were added to your balance.`
            : "Thank you: your payment is being confirmed, and its credits will appear here in a moment."}
        </FormNotice>
      ) : null}
      <section aria-labelledby="buy-heading" className="space-y-3">
        <h2 id="buy-heading" className="text-lg font-semibold text-slate-900">
          Buy credits
        </h2>
        <ProductCards products={products} />
      </section>
      <section aria-labelledby="purchases-heading" className="space-y-3">
        <h2 id="purchases-heading" className="text-lg font-semibold text-slate-900">
          Your purchases
        </h2>
        <PurchaseList
          purchases={purchases}
          highlight={bought?.id}
          duplicateBanner={(purchase) => (
            <DuplicateChargeBanner
              purchaseId={purchase.id}
              productName={purchase.productName}
              amount={purchase.amount}
              currency={purchase.currency}
              refundAction={requestPurchaseRefundAction}
            />
          )}
          refundControl={(purchase) =>
            purchase.refundRequest || purchase.duplicateOf ? null : (
              <PurchaseRefundDialog
                purchaseId={purchase.id}
                productName={purchase.productName}
                amount={purchase.amount}
                currency={purchase.currency}
                minDetailsLength={minDetailsLength}
              />
            )
          }
        />
      </section>
    </div>
  );
}
