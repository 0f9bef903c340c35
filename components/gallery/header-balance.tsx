"use client";

import { useQuery } from "@tanstack/react-query";
import type { Balance } from "@/lib/ledger/accounts";
import { fetchOwnBalance, ownBalanceKey } from "./queries";

export function HeaderBalance({ initial }: { initial: Balance }) {
  const { data } = useQuery({ queryKey: ownBalanceKey, queryFn: fetchOwnBalance, initialData: initial });
  return (
    <dl className="flex gap-3 rounded-lg bg-slate-50 px-2.5 py-1 text-right leading-tight" aria-label="Credit balance">
      <div>
        <dt className="text-[11px] uppercase tracking-wide text-slate-500">Available</dt>
        <dd className="text-sm font-semibold tabular-nums text-slate-900" data-testid="balance-available">
          {data.available}
        </dd>
      </div>
      <div>
        <dt className="text-[11px] uppercase tracking-wide text-slate-500">Held</dt>
        <dd className="text-sm font-semibold tabular-nums text-slate-600" data-testid="balance-held">
          {data.held}
        </dd>
      </div>
    </dl>
  );
}
