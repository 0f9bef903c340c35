"use client";

import { buyProductAction } from "@/app/(customer)/purchases/buy-actions";
import { Button } from "@/components/ui/button";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";

/** Sends the customer to the payment provider's checkout; only a refusal comes back here. */
export function BuyButton({ product, productName }: { product: string; productName: string }) {
  const { state, action, pending } = useFormAction(buyProductAction);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="product" value={product} />
      <FormNotice state={state} />
      <Button type="submit" className="w-full" disabled={pending} aria-label={`Buy ${productName}`}>
        {pending ? "Opening checkout…" : "Buy"}
      </Button>
    </form>
  );
}
