import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import type { Role } from "@/db/enums";
import { users } from "@/db/schema";
import { admitLoginAttempt, loginSucceeded } from "./login-rate-limit";
import { unknownUserHash, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z
    .email("Enter a valid email address.")
    .max(320)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type AuthenticatedUser = { id: string; name: string | null; email: string; role: Role; sessionVersion: number };

export type AuthenticationResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; code: "invalid_credentials" | "disabled" }
  | { ok: false; code: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a sign-in. The attempt is counted as a failure before the password is compared, so that
 * parallel guesses cannot all slip past the limit; a right password takes the count back.
 */
export async function authenticate(input: unknown, ip: string, now = new Date()): Promise<AuthenticationResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid_credentials" };
  const { email, password } = parsed.data;

  const admission = await admitLoginAttempt(email, ip, now);
  if (!admission.admitted) return { ok: false, code: "rate_limited", retryAfterSeconds: admission.retryAfterSeconds };

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const matches = await verifyPassword(password, user?.passwordHash ?? unknownUserHash);
  if (!user?.passwordHash || !matches) return { ok: false, code: "invalid_credentials" };

  await loginSucceeded(admission);
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabledAt) return { ok: false, code: "disabled" };
  return {
    ok: true,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, sessionVersion: user.sessionVersion },
  };
}
