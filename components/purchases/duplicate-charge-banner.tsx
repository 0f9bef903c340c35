"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ownBalanceKey, ownNotificationsKey } from "@/components/gallery/queries";
import { Button } from "@/components/ui/button";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import type { ActionState } from "@/lib/auth/action-state.shared";
import { money } from "@/lib/format/money.shared";

type RefundAction = (previous: ActionState, form: FormData) => Promise<ActionState>;

/** A second charge for the same product and amount: refunded in full with one click, no questions. */
export function DuplicateChargeBanner({
  purchaseId,
  productName,
  amount,
  currency,
  refundAction,
}: {
  purchaseId: string;
  productName: string;
  amount: number;
  currency: string;
  refundAction: RefundAction;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { state, action, pending } = useFormAction(refundAction, (answer) => {
    if (answer.status !== "success") return;
    for (const queryKey of [ownBalanceKey, ownNotificationsKey]) void queryClient.invalidateQueries({ queryKey });
    router.refresh();
  });
  return (
    <div role="alert" data-testid="duplicate-charge" className="space-y-2 rounded-lg bg-amber-50 p-3 text-amber-900">
      <p className="text-sm font-semibold">You were charged twice</p>
      <p className="text-sm">
        This {productName} was paid again for the same amount shortly after an earlier one. Get this charge of{" "}
        {money(amount, currency)} back in full; its credits are taken back with it.
      </p>
      <form action={action} className="space-y-2">
        <input type="hidden" name="purchaseId" value={purchaseId} />
        <input type="hidden" name="reason" value="duplicate" />
        <input type="hidden" name="details" value="I was charged twice for the same purchase." />
        <FormNotice state={state} />
        <Button type="submit" disabled={pending || state.status === "success"}>
          {pending ? "Refunding…" : `Refund ${money(amount, currency)}`}
        </Button>
      </form>
    </div>
  );
}
