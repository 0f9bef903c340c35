import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

const windowMs = 15 * 60 * 1000;

export const loginLimits = { perEmail: 5, perIp: 20 } as const;

function currentWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

function buckets(email: string, ip: string) {
  return { email: `email:${email.toLowerCase()}`, ip: `ip:${ip}` };
}

export async function isLoginBlocked(email: string, ip: string, now = new Date()): Promise<boolean> {
  const b = buckets(email, ip);
  const rows = await db
    .select({ bucket: loginAttempts.bucket, failures: loginAttempts.failures })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.bucket, [b.email, b.ip]), eq(loginAttempts.windowStart, currentWindow(now))));
  const failuresOf = (bucket: string) => rows.find((row) => row.bucket === bucket)?.failures ?? 0;
  return failuresOf(b.email) >= loginLimits.perEmail || failuresOf(b.ip) >= loginLimits.perIp;
}

export async function recordLoginFailure(email: string, ip: string, now = new Date()): Promise<void> {
  const b = buckets(email, ip);
  const windowStart = currentWindow(now);
  await db
    .insert(loginAttempts)
    .values([
      { bucket: b.email, windowStart, failures: 1 },
      { bucket: b.ip, windowStart, failures: 1 },
    ])
    .onConflictDoUpdate({
      target: [loginAttempts.bucket, loginAttempts.windowStart],
      set: { failures: sql`${loginAttempts.failures} + 1` },
    });
}

export async function clearEmailFailures(email: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.bucket, buckets(email, "").email));
}
