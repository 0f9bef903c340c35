import type { SlaTone } from "@/lib/support/sla";

const minuteMs = 60_000;

/**
 * "45 min", "5 h 20 min", "3 d 4 h": as much precision as an agent deciding what to do next needs.
 * Rounded down, so that the time left is never overstated.
 */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / minuteMs));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

const tones: Record<SlaTone, string> = {
  ok: "bg-slate-100 text-slate-700",
  soon: "bg-amber-100 text-amber-800",
  breached: "bg-red-100 text-red-700",
};

export function SlaChip({ msLeft, tone }: { msLeft: number; tone: SlaTone }) {
  return (
    <span
      data-testid="sla"
      data-tone={tone}
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ${tones[tone]}`}
    >
      {tone === "breached" ? `Breached ${span(-msLeft)} ago` : `${span(msLeft)} left`}
    </span>
  );
}
