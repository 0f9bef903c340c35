"use client";

import { useQuery } from "@tanstack/react-query";
import type { Availability } from "@/db/enums";
import { availabilityLabels } from "@/lib/support/availability-labels.shared";

type Member = { id: string; name: string | null; email: string; role: string; availability: Availability };

async function fetchTeam(): Promise<Member[]> {
  const response = await fetch("/api/support/team");
  if (!response.ok) throw new Error("Could not load the team.");
  return ((await response.json()) as { team: Member[] }).team;
}

export function TeamList({ initial }: { initial: Member[] }) {
  const { data, isError } = useQuery({
    queryKey: ["support-team"],
    queryFn: fetchTeam,
    initialData: initial,
    refetchInterval: 15_000,
  });
  return (
    <div>
      {isError ? <p className="mb-2 text-sm text-amber-700">Showing the last known team; refreshing failed.</p> : null}
      <ul aria-label="Team" className="divide-y divide-slate-100">
        {data.map((member) => (
          <li key={member.id} className="flex items-center justify-between py-2.5">
            <div>
              <p className="text-sm font-medium text-slate-900">{member.name ?? member.email}</p>
              <p className="text-xs text-slate-500">{member.email}</p>
            </div>
            <span
              className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
                member.availability === "on_duty" ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"
              }`}
            >
              {availabilityLabels[member.availability]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
