"use client";

import { useQuery } from "@tanstack/react-query";
import type { Balance } from "@/lib/ledger/accounts";
import { fetchOwnBalance, ownBalanceKey } from "./queries";

export function HeaderBalance({ initial }: { initial: Balance }) {
  const { data } = useQuery({ queryKey: ownBalanceKey, queryFn: fetchOwnBalance, initialData: initial });
  return (
    <dl className="flex gap-3 rounded-lg bg-slate-50 px-2.5 py-1 text-right leading-tight" aria-label="Credit balance">
      <Figure label="Available" value={data.available} testId="balance-available" tone="text-slate-900" />
      <Figure label="Held" value={data.held} testId="balance-held" tone="text-slate-600" />
    </dl>
  );
}

function Figure({ label, value, testId, tone }: { label: string; value: number; testId: string; tone: string }) {
  return (
    <div>
      <dt className="text-[11px] uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`text-sm font-semibold tabular-nums ${tone}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
