"use client";

import { recordFindingAction } from "@/app/admin/disputes/actions";
import { Button } from "@/components/ui/button";
import { TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { maxReasonLength } from "@/lib/admin/customer-limits.shared";

/**
 * The admin's finding on an open dispute: one note, and the button that says which way it goes. Once
 * a finding is made the page shows `children` (what was found) in its place, still with the answer of
 * the finding just made.
 */
export function DisputeFindingForm({
  disputeId,
  reviewable,
  children,
}: {
  disputeId: string;
  reviewable: boolean;
  children: React.ReactNode;
}) {
  const { state, values, errors, action, pending } = useFormAction(recordFindingAction);
  if (!reviewable) {
    return (
      <div className="space-y-3">
        {children}
        <FormNotice state={state} />
      </div>
    );
  }
  return (
    <form action={action} noValidate className="space-y-3">
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextareaField
        id="finding-note"
        name="note"
        label="Note"
        hint="Kept in the audit log. Fraudulent suspends the account and forfeits its available credits; legitimate unfreezes it. The held credits wait for the dispute's outcome either way."
        rows={3}
        maxLength={maxReasonLength}
        required
        defaultValue={values.note}
        error={errors.note}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" name="finding" value="fraudulent" disabled={pending}>
          Fraudulent
        </Button>
        <Button type="submit" name="finding" value="legitimate" variant="secondary" disabled={pending}>
          Legitimate
        </Button>
        <FormNotice state={state} fields={["note"]} />
      </div>
    </form>
  );
}
