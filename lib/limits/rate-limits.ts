import "server-only";
import { lt, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { rateLimitHits } from "@/db/schema";
import { DomainError } from "@/lib/errors";

/**
 * How often one signed-in user may do each thing per minute, counted in Postgres so that every app
 * instance shares the count. Polling is generous: an open gallery asks once a second while a
 * generation runs, and a customer may have it open in two tabs. The host API is not limited here.
 */
export const rateLimits = {
  "generation.start": { perMinute: 30, what: "generations started" },
  "refund.report": { perMinute: 10, what: "bad results reported" },
  "purchase_refund.request": { perMinute: 10, what: "purchase refunds requested" },
  "poll.generations": { perMinute: 120, what: "gallery refreshes" },
  "poll.balance": { perMinute: 120, what: "balance refreshes" },
  "poll.notifications": { perMinute: 120, what: "notification refreshes" },
} as const satisfies Record<string, { perMinute: number; what: string }>;

export type RateLimitKind = keyof typeof rateLimits;

const windowMs = 60_000;

function windowOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

function seconds(count: number): string {
  return count === 1 ? "1 second" : `${count} seconds`;
}

/**
 * Counts one call of `kind` by the user and returns the refusal when it goes over the minute's limit.
 * Counting and reading the count are one statement, so that calls at the same moment on several
 * connections each get their own number and exactly the limit pass.
 */
export async function overRateLimit(
  kind: RateLimitKind,
  userId: string,
  { now = new Date(), executor = db }: { now?: Date; executor?: Executor } = {},
): Promise<DomainError | null> {
  const windowStart = windowOf(now);
  const [counted] = await executor
    .insert(rateLimitHits)
    .values({ bucket: `${kind}:${userId}`, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.bucket, rateLimitHits.windowStart],
      set: { hits: sql`${rateLimitHits.hits} + 1` },
    })
    .returning({ hits: rateLimitHits.hits });
  const { perMinute, what } = rateLimits[kind];
  if (!counted || counted.hits <= perMinute) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return new DomainError(
    "rate.limited",
    `That is more than ${perMinute} ${what} in a minute. Please try again in ${seconds(retryAfterSeconds)}.`,
    undefined,
    { retryAfterSeconds },
  );
}

/**
 * Forgets the windows that ended over a minute ago: nothing counts in them again. The minute's grace
 * is for an instance whose clock runs a little behind. Returns how many went.
 */
export async function pruneRateLimitHits(now = new Date()): Promise<number> {
  const pruned = await db
    .delete(rateLimitHits)
    .where(lt(rateLimitHits.windowStart, new Date(windowOf(now).getTime() - windowMs)));
  return pruned.count;
}
