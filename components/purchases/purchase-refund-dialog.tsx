"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { requestPurchaseRefundAction } from "@/app/(customer)/purchases/actions";
import { ownBalanceKey, ownNotificationsKey } from "@/components/gallery/queries";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { SelectField, TextareaField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { refundStatuses, type RefundStatus } from "@/db/enums";
import { money } from "@/lib/format/money.shared";
import { purchaseRefundReasonOptions } from "@/lib/purchases/refund-reasons.shared";
import { maxDetailsLength } from "@/lib/refunds/reasons.shared";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";

const outcomeTones: Record<RefundStatus, string> = {
  approved: "bg-emerald-50 text-emerald-800",
  denied: "bg-amber-50 text-amber-900",
  in_review: "bg-sky-50 text-sky-900",
};

/**
 * "Request a refund" of one purchase: a reason and details, then the decision as the policy made it,
 * shown in the dialog until the customer closes it.
 */
export function PurchaseRefundDialog({
  purchaseId,
  productName,
  amount,
  currency,
  minDetailsLength,
}: {
  purchaseId: string;
  productName: string;
  amount: number;
  currency: string;
  minDetailsLength: number;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { state, values, errors, action, pending } = useFormAction(requestPurchaseRefundAction, (answer) => {
    if (answer.status !== "success") return;
    for (const queryKey of [ownBalanceKey, ownNotificationsKey]) void queryClient.invalidateQueries({ queryKey });
  });
  const id = useId();
  const decided = state.status === "success" ? state : null;
  const outcome = refundStatuses.find((status) => status === decided?.outcome) ?? "in_review";
  const formError = state.status === "error" && !state.fieldErrors ? state.message : undefined;

  function onOpenChange(next: boolean) {
    setOpen(next);
    // The list shows the request once the dialog that told its outcome is closed.
    if (!next && decided) router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Request a refund
      </Button>
      <DialogContent>
        <DialogTitle>Request a refund</DialogTitle>
        <DialogDescription>
          {productName} · {money(amount, currency)}. An approved refund returns the money for the credits you have not
          used, and takes those credits back.
        </DialogDescription>
        {decided ? (
          <div className="mt-4 space-y-4" data-testid="refund-outcome">
            <p role="status" className={`rounded-lg px-3 py-2 text-sm ${outcomeTones[outcome]}`}>
              <span className="font-medium">{refundStatusLabels[outcome]}:</span> {decided.message}
            </p>
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button type="button">Close</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <form action={action} noValidate className="mt-4 space-y-4">
            <input type="hidden" name="purchaseId" value={purchaseId} />
            <SelectField
              id={`${id}-reason`}
              name="reason"
              label="Why do you want a refund?"
              options={purchaseRefundReasonOptions}
              defaultValue={values.reason ?? purchaseRefundReasonOptions[0]?.value}
              error={errors.reason}
            />
            <TextareaField
              id={`${id}-details`}
              name="details"
              label="Details"
              hint={`At least ${minDetailsLength} characters.`}
              rows={4}
              minLength={minDetailsLength}
              maxLength={maxDetailsLength}
              defaultValue={values.details}
              error={errors.details}
            />
            <DialogFormEnd
              formError={formError}
              pending={pending}
              submitLabel="Request the refund"
              pendingLabel="Sending…"
            />
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
