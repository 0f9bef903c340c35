import type { RefundStatus } from "@/db/enums";
import { refundStatusLabels } from "@/lib/refunds/status-labels.shared";

/** Each status's colour, for a badge and for a line of text; a failed generation's refund is "automatic". */
const tones = {
  approved: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", text: "text-emerald-700" },
  in_review: { badge: "bg-amber-50 text-amber-800 ring-amber-600/20", text: "text-amber-700" },
  denied: { badge: "bg-slate-100 text-slate-700 ring-slate-500/20", text: "text-slate-600" },
  automatic: { badge: "bg-brand-50 text-brand-700 ring-brand-600/20", text: "text-brand-700" },
} as const;

type Status = keyof typeof tones;

export function refundStatusText(status: Status): string {
  return tones[status].text;
}

export function RefundStatusBadge({ status, testId = "refund-status" }: { status: Status; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status].badge}`}
    >
      {status === "automatic" ? "Automatic" : refundStatusLabels[status satisfies RefundStatus]}
    </span>
  );
}
