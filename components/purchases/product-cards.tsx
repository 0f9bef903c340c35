import type { Product } from "@/db/schema";
import { credits } from "@/lib/format/credits.shared";
import { money } from "@/lib/format/money.shared";
import { productKindLabels } from "@/lib/purchases/labels.shared";
import { BuyButton } from "./buy-button";

export function ProductCards({ products }: { products: Product[] }) {
  if (products.length === 0) {
    return <p className="text-sm text-slate-500">Nothing is on sale right now.</p>;
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {products.map((product) => (
        <li
          key={product.key}
          data-testid="product-card"
          data-product={product.key}
          className="flex flex-col justify-between gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        >
          <div className="space-y-1">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
              {productKindLabels[product.kind]}
            </p>
            <h3 className="text-base font-semibold text-slate-900">{product.name}</h3>
            <p className="text-sm text-slate-600" data-testid="product-credits">
              {credits(product.credits)}
            </p>
            <p className="text-lg font-semibold tabular-nums text-slate-900">
              {money(product.amount, product.currency)}
            </p>
          </div>
          <BuyButton product={product.key} productName={product.name} />
        </li>
      ))}
    </ul>
  );
}
