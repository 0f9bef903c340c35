import { TextareaField } from "@/components/ui/field";
import { maxReasonLength } from "@/lib/admin/customer-limits.shared";

/** The reason every change to a customer carries into the audit log (and, for credits, their history). */
export function ReasonField(props: { id: string; label: string; hint: string; error?: string; defaultValue?: string }) {
  return <TextareaField name="reason" rows={2} maxLength={maxReasonLength} required {...props} />;
}
