import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { loginLimits } from "@/lib/auth/login-rate-limit";

const password = "makegood-demo";

beforeAll(async () => {
  await seedDatabase(process.env.DATABASE_URL!);
});

describe("login rate limit", () => {
  it("signs in with the right password", async () => {
    const result = await authenticate({ email: "Admin@Example.com", password }, "10.0.0.1");
    expect(result).toMatchObject({ ok: true, user: { email: "admin@example.com", role: "admin" } });
  });

  it("locks an email after too many failures, even for the right password, and keeps the count in Postgres", async () => {
    const email = "customer@example.com";
    for (let attempt = 1; attempt <= loginLimits.perEmail; attempt++) {
      expect(await authenticate({ email, password: `wrong-${attempt}` }, `10.1.0.${attempt}`)).toEqual({
        ok: false,
        code: "invalid_credentials",
      });
    }
    expect(await authenticate({ email, password }, "10.1.0.99")).toEqual({ ok: false, code: "rate_limited" });
    const rows = await db.select().from(loginAttempts);
    expect(rows.find((row) => row.bucket === `email:${email}`)?.failures).toBe(loginLimits.perEmail);
  });

  it("locks an IP address that tries many emails", async () => {
    const ip = "10.2.0.1";
    for (let attempt = 0; attempt < loginLimits.perIp; attempt++) {
      await authenticate({ email: `nobody-${attempt}@example.com`, password: "guess" }, ip);
    }
    expect(await authenticate({ email: "agent@example.com", password }, ip)).toEqual({
      ok: false,
      code: "rate_limited",
    });
    expect(await authenticate({ email: "agent@example.com", password }, "10.2.0.2")).toMatchObject({ ok: true });
  });

  it("counts concurrent failures without losing any", async () => {
    const email = "burst@example.com";
    await Promise.all(Array.from({ length: 4 }, (_, i) => authenticate({ email, password: "guess" }, `10.3.0.${i}`)));
    const rows = await db.select().from(loginAttempts);
    expect(rows.find((row) => row.bucket === `email:${email}`)?.failures).toBe(4);
  });
});
