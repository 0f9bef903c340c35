import { Button } from "./button";
import { DialogClose } from "./dialog";
import { FormNotice } from "./form-notice";

/** The end of every dialog form: the refusal that belongs to no field, then Cancel and the submit button. */
export function DialogFormEnd({
  formError,
  pending,
  submitLabel,
  pendingLabel,
}: {
  formError?: string;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
}) {
  return (
    <>
      {formError ? <FormNotice tone="error">{formError}</FormNotice> : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <DialogClose asChild>
          <Button type="button" variant="secondary">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </>
  );
}
