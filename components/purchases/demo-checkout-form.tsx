"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { payDemoCheckoutAction } from "@/app/(customer)/purchases/checkout/[sessionId]/actions";
import { ownBalanceKey } from "@/components/gallery/queries";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { credits as creditsText } from "@/lib/format/credits.shared";
import { money } from "@/lib/format/money.shared";

/** The demo provider's checkout. Paying goes back to the purchases page, with the header's balance refreshed. */
export function DemoCheckoutForm({
  sessionId,
  productName,
  amount,
  currency,
  credits,
  cancelPath,
}: {
  sessionId: string;
  productName: string;
  amount: number;
  currency: string;
  credits: number;
  cancelPath: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { state, action, pending } = useFormAction(payDemoCheckoutAction, (answer) => {
    if (answer.status !== "success" || !answer.outcome) return;
    void queryClient.invalidateQueries({ queryKey: ownBalanceKey });
    router.push(answer.outcome);
  });
  const paid = state.status === "success";
  return (
    <Card>
      <dl className="space-y-2 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-600">Product</dt>
          <dd className="font-medium text-slate-900" data-testid="checkout-product">
            {productName}
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-600">Credits</dt>
          <dd className="font-medium text-slate-900">{creditsText(credits)}</dd>
        </div>
        <div className="flex justify-between gap-4 border-t border-slate-100 pt-2">
          <dt className="text-slate-600">Total</dt>
          <dd className="font-semibold tabular-nums text-slate-900">{money(amount, currency)}</dd>
        </div>
      </dl>
      <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="demo-notice">
        This is the demo payment provider: no card is charged. Pay adds the credits to your balance as a real payment
        would.
      </p>
      <form action={action} className="mt-4 space-y-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <FormNotice state={state} />
        <div className="flex justify-end gap-2">
          <Link href={cancelPath} className={buttonClasses("secondary")}>
            Cancel
          </Link>
          <Button type="submit" disabled={pending || paid}>
            {pending ? "Paying…" : `Pay ${money(amount, currency)}`}
          </Button>
        </div>
      </form>
    </Card>
  );
}
