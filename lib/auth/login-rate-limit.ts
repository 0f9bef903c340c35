import "server-only";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

const ipWindowMs = 15 * 60 * 1000;

export const loginLimits = {
  /** Failures from one address within a fixed 15-minute window. */
  perIp: 20,
  /** Failures of one email that cost nothing; each one after them doubles the wait, from one second. */
  freePerEmail: 3,
  maxDelaySeconds: 15 * 60,
  /** An email's failures are forgotten a day after the last one. */
  emailMemoryMs: 24 * 60 * 60 * 1000,
} as const;

/** An email has one row, counting its failures since its last success; it is not windowed. */
const emailRow = new Date(0);

function currentIpWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / ipWindowMs) * ipWindowMs);
}

function buckets(email: string, ip: string) {
  return { email: `email:${email.toLowerCase()}`, ip: `ip:${ip}` };
}

/** How long an email with this many failures must wait after the last one (capped so the power cannot overflow). */
const delayAfter = (failures: string) =>
  sql.raw(`(case when ${failures} < ${loginLimits.freePerEmail} then interval '0 seconds'
    else least(power(2, least(${failures} - ${loginLimits.freePerEmail}, 20)) * interval '1 second',
               interval '${loginLimits.maxDelaySeconds} seconds') end)`);

export type LoginAdmission =
  { admitted: true; email: string; ip: string; ipWindow: Date } | { admitted: false; retryAfterSeconds: number };

/**
 * Counts this attempt as a failure before the password is checked, and refuses it when the address
 * is over its limit or the email is still waiting out its delay. Checking and counting are one
 * statement, and ON CONFLICT locks the row, so parallel guesses queue up and each sees the count the
 * others left. The email is counted only when the address admitted the attempt; an address that
 * admitted an attempt its email then refused gives the attempt back.
 */
export async function admitLoginAttempt(email: string, ip: string, now = new Date()): Promise<LoginAdmission> {
  const b = buckets(email, ip);
  const ipWindow = currentIpWindow(now);
  const at = now.toISOString();
  const window = ipWindow.toISOString();
  const single = emailRow.toISOString();
  const [row] = await db.execute<{ ipAdmitted: boolean; emailAdmitted: boolean; emailWait: number | null }>(sql`
    with ip as (
      insert into login_attempts as a (bucket, window_start, failures, last_failed_at)
      values (${b.ip}, ${window}::timestamptz, 1, ${at}::timestamptz)
      on conflict (bucket, window_start) do update
        set failures = a.failures + 1, last_failed_at = excluded.last_failed_at
        where a.failures < ${loginLimits.perIp}
      returning 1
    ), email as (
      insert into login_attempts as a (bucket, window_start, failures, last_failed_at)
      select ${b.email}, ${single}::timestamptz, 1, ${at}::timestamptz from ip
      on conflict (bucket, window_start) do update
        set failures = a.failures + 1, last_failed_at = excluded.last_failed_at
        where a.failures < ${loginLimits.freePerEmail}
          or excluded.last_failed_at >= a.last_failed_at + ${delayAfter("a.failures")}
      returning 1
    )
    select exists (select from ip) as "ipAdmitted", exists (select from email) as "emailAdmitted",
      (select extract(epoch from a.last_failed_at + ${delayAfter("a.failures")} - ${at}::timestamptz)
        from login_attempts a where a.bucket = ${b.email} and a.window_start = ${single}::timestamptz) as "emailWait"`);
  if (row?.ipAdmitted && row.emailAdmitted) return { admitted: true, email, ip, ipWindow };
  if (row?.ipAdmitted) {
    await releaseIpAttempt(b.ip, ipWindow);
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row.emailWait ?? 1))) };
  }
  return { admitted: false, retryAfterSeconds: Math.ceil((ipWindow.getTime() + ipWindowMs - now.getTime()) / 1000) };
}

async function releaseIpAttempt(bucket: string, windowStart: Date) {
  await db
    .update(loginAttempts)
    .set({ failures: sql`greatest(${loginAttempts.failures} - 1, 0)` })
    .where(and(eq(loginAttempts.bucket, bucket), eq(loginAttempts.windowStart, windowStart)));
}

/** The password was right: the email starts afresh, and the address gets its attempt back. */
export async function loginSucceeded(admission: Extract<LoginAdmission, { admitted: true }>): Promise<void> {
  const b = buckets(admission.email, admission.ip);
  await db.delete(loginAttempts).where(eq(loginAttempts.bucket, b.email));
  await releaseIpAttempt(b.ip, admission.ipWindow);
}

/** Drops address windows that have ended and emails whose last failure is old enough to forget. */
export async function pruneLoginAttempts(now = new Date()): Promise<number> {
  const deleted = await db
    .delete(loginAttempts)
    .where(
      or(
        and(
          sql`${loginAttempts.bucket} like 'ip:%'`,
          lt(loginAttempts.windowStart, new Date(now.getTime() - ipWindowMs)),
        ),
        and(
          sql`${loginAttempts.bucket} like 'email:%'`,
          lt(loginAttempts.lastFailedAt, new Date(now.getTime() - loginLimits.emailMemoryMs)),
        ),
      ),
    )
    .returning({ bucket: loginAttempts.bucket });
  return deleted.length;
}
