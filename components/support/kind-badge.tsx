import type { RefundRequestKind } from "@/db/enums";

export const requestKindLabels: Record<RefundRequestKind, string> = { generation: "Bad result", purchase: "Purchase" };

const tones: Record<RefundRequestKind, string> = {
  generation: "bg-slate-100 text-slate-700",
  purchase: "bg-violet-100 text-violet-800",
};

/** Which kind of refund request a row or page is about. */
export function KindBadge({ kind }: { kind: RefundRequestKind }) {
  return (
    <span
      data-testid="kind-badge"
      className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[kind]}`}
    >
      {requestKindLabels[kind]}
    </span>
  );
}
