import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { admitLoginAttempt, loginLimits, pruneLoginAttempts } from "@/lib/auth/login-rate-limit";
import { verifyPassword } from "@/lib/auth/password";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { schedule } from "@/lib/jobs/tasks";
import { testSql } from "../setup/database";
import { runDueJobs } from "../support/jobs";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const password = "makegood-demo";

async function emailRow(email: string) {
  const [row] = await db
    .select()
    .from(loginAttempts)
    .where(eq(loginAttempts.bucket, `email:${email}`));
  return row;
}

/** One moment for every attempt of a test, and later ones from it: bcrypt's time under load must not count. */
const moment = new Date();
const later = (seconds: number) => new Date(moment.getTime() + seconds * 1000);

beforeAll(async () => {
  await seedDatabase(process.env.DATABASE_DIRECT_URL!);
});

beforeEach(() => {
  vi.mocked(verifyPassword).mockClear();
});

describe("signing in", () => {
  it("signs in with the right password and carries the session version", async () => {
    const result = await authenticate({ email: "Admin@Example.com", password }, "10.0.0.1");
    expect(result).toMatchObject({ ok: true, user: { email: "admin@example.com", role: "admin", sessionVersion: 0 } });
  });
});

describe("the per-email delay", () => {
  it("lets three failures through, then makes even the right password wait, and never locks for good", async () => {
    const email = "customer@example.com";
    for (let attempt = 1; attempt <= loginLimits.freePerEmail; attempt++) {
      expect(await authenticate({ email, password: `wrong-${attempt}` }, `10.1.0.${attempt}`, moment)).toEqual({
        ok: false,
        code: "invalid_credentials",
      });
    }
    expect(await authenticate({ email, password }, "10.1.0.99", later(0.5))).toEqual({
      ok: false,
      code: "rate_limited",
      retryAfterSeconds: 1,
    });
    expect((await emailRow(email))?.failures).toBe(loginLimits.freePerEmail);

    expect(await authenticate({ email, password }, "10.1.0.99", later(1))).toMatchObject({ ok: true });
    expect(await emailRow(email)).toBeUndefined();
  });

  it("doubles the wait after each further failure, up to 15 minutes", async () => {
    const email = "doubling@example.com";
    const start = Date.parse("2026-03-01T12:00:00Z");
    const at = (seconds: number) => new Date(start + seconds * 1000);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await admitLoginAttempt(email, "10.4.0.1", at(0))).toMatchObject({ admitted: true });
    }
    let elapsed = 0;
    for (const wait of [1, 2, 4, 8, 16]) {
      expect(await admitLoginAttempt(email, "10.4.0.1", at(elapsed + wait - 0.5))).toEqual({
        admitted: false,
        retryAfterSeconds: 1,
      });
      elapsed += wait;
      expect(await admitLoginAttempt(email, "10.4.0.1", at(elapsed))).toMatchObject({ admitted: true });
    }
    expect(await admitLoginAttempt(email, "10.4.0.1", at(elapsed))).toEqual({ admitted: false, retryAfterSeconds: 32 });

    await testSql()`update login_attempts set failures = 5000 where bucket = ${`email:${email}`}`;
    expect(await admitLoginAttempt(email, "10.4.0.1", at(elapsed))).toEqual({
      admitted: false,
      retryAfterSeconds: loginLimits.maxDelaySeconds,
    });
    expect(await admitLoginAttempt(email, "10.4.0.1", at(elapsed + loginLimits.maxDelaySeconds))).toMatchObject({
      admitted: true,
    });
  });

  it("verifies only the allowed number of 20 parallel wrong guesses from many addresses", async () => {
    const email = "agent@example.com";
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticate({ email, password: `guess-${i}` }, `10.3.0.${i}`, moment)),
    );

    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(loginLimits.freePerEmail);
    const codes = results.map((result) => (result.ok ? "signed in" : result.code));
    expect(codes.filter((code) => code === "invalid_credentials")).toHaveLength(loginLimits.freePerEmail);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(20 - loginLimits.freePerEmail);
    expect((await emailRow(email))?.failures).toBe(loginLimits.freePerEmail);
  });
});

describe("the per-address limit", () => {
  it("refuses an address that fails with many emails, without counting the email it then tried", async () => {
    const ip = "10.2.0.1";
    for (let attempt = 0; attempt < loginLimits.perIp; attempt++) {
      await authenticate({ email: `nobody-${attempt}@example.com`, password: "guess" }, ip, moment);
    }
    const refused = await authenticate({ email: "customer2@example.com", password }, ip, moment);
    expect(refused).toMatchObject({ ok: false, code: "rate_limited" });
    expect(refused.ok === false && refused.code === "rate_limited" && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await emailRow("customer2@example.com")).toBeUndefined();
    expect(await authenticate({ email: "customer2@example.com", password }, "10.2.0.2", moment)).toMatchObject({
      ok: true,
    });
  });

  it("gives successful sign-ins back, so an office behind one address is not locked out", async () => {
    const ip = "10.5.0.1";
    for (let attempt = 0; attempt < loginLimits.perIp + 5; attempt++) {
      expect(await authenticate({ email: "admin@example.com", password }, ip)).toMatchObject({ ok: true });
    }
  });

  it("gives back the attempt an email's delay refused", async () => {
    const ip = "10.6.0.1";
    const email = "waiting@example.com";
    for (let attempt = 0; attempt < loginLimits.freePerEmail; attempt++)
      await authenticate({ email, password: "x" }, ip, moment);
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(await authenticate({ email, password: "x" }, ip, moment)).toMatchObject({ code: "rate_limited" });
    }
    const [row] = await db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.bucket, `ip:${ip}`));
    expect(row?.failures).toBe(loginLimits.freePerEmail);
  });
});

describe("old sign-in counts", () => {
  it("are pruned by a scheduled job: ended address windows and emails quiet for a day", async () => {
    const sql = testSql();
    await sql`delete from login_attempts`;
    await sql`insert into login_attempts (bucket, window_start, failures, last_failed_at) values
      ('ip:10.9.0.1', now() - interval '1 hour', 3, now() - interval '1 hour'),
      ('ip:10.9.0.2', date_trunc('minute', now()), 3, now()),
      ('email:old@example.com', 'epoch', 9, now() - interval '25 hours'),
      ('email:recent@example.com', 'epoch', 9, now() - interval '23 hours')`;
    expect(schedule.map((item) => item.task)).toContain("auth.prune_login_attempts");

    await db.transaction((tx) => enqueueJob(tx, "auth.prune_login_attempts", {}));
    await runDueJobs();

    const left = await sql`select bucket from login_attempts order by bucket`;
    expect(left.map((row) => row.bucket)).toEqual(["email:recent@example.com", "ip:10.9.0.2"]);
    expect(await pruneLoginAttempts()).toBe(0);
  });
});
