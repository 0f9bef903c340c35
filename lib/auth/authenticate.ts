import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import type { Role } from "@/db/enums";
import { users } from "@/db/schema";
import { clearEmailFailures, isLoginBlocked, recordLoginFailure } from "./login-rate-limit";
import { unknownUserHash, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z
    .email("Enter a valid email address.")
    .max(320)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type AuthenticatedUser = { id: string; name: string | null; email: string; role: Role };

export type AuthenticationResult =
  { ok: true; user: AuthenticatedUser } | { ok: false; code: "invalid_credentials" | "rate_limited" };

export async function authenticate(input: unknown, ip: string): Promise<AuthenticationResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid_credentials" };
  const { email, password } = parsed.data;

  if (await isLoginBlocked(email, ip)) return { ok: false, code: "rate_limited" };

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const matches = await verifyPassword(password, user?.passwordHash ?? unknownUserHash);
  if (!user?.passwordHash || !matches) {
    await recordLoginFailure(email, ip);
    return { ok: false, code: "invalid_credentials" };
  }

  await clearEmailFailures(email);
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, role: user.role } };
}
