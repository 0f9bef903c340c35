import "server-only";
/** Amber below this much time left, as the help desk's early warning. */
export const breachingSoonMs = 2 * 3_600_000;

export type SlaTone = "ok" | "soon" | "breached";

export type Sla = { dueAt: Date; msLeft: number; tone: SlaTone };

/** Where a request stands against the answer time promised to the customer. */
export function slaOf(createdAt: Date, slaHours: number, now: Date): Sla {
  const dueAt = new Date(createdAt.getTime() + slaHours * 3_600_000);
  const msLeft = dueAt.getTime() - now.getTime();
  return { dueAt, msLeft, tone: msLeft <= 0 ? "breached" : msLeft < breachingSoonMs ? "soon" : "ok" };
}
