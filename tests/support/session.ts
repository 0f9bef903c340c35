import { eq } from "drizzle-orm";
import { beforeEach, vi } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import type { SessionClaims } from "@/lib/auth/session";

/**
 * Stands in for lib/auth/session.ts, which reads the Auth.js cookie of a Next request that tests do
 * not have. A file that calls server actions or staff routes replaces the real module with this one:
 *
 *   vi.mock("@/lib/auth/session", () => import("../support/session"));
 *
 * and then says who is signed in with `signedInAs`. Every test starts signed out.
 */
export const sessionClaims = vi.fn<() => Promise<SessionClaims | null>>();

async function claimsOf(email: string): Promise<SessionClaims> {
  const [user] = await db
    .select({ userId: users.id, version: users.sessionVersion })
    .from(users)
    .where(eq(users.email, email));
  if (!user) throw new Error(`No user ${email} to sign in as`);
  return user;
}

/** The user with this email, signed in afresh each time the app reads the session; null signs out. */
export function signedInAs(email: string | null) {
  sessionClaims.mockImplementation(async () => (email === null ? null : claimsOf(email)));
}

/**
 * A session cookie as issued now, kept as it is: the app reads these claims however the account
 * changes later, as a browser that signed in earlier would send them.
 */
export async function sessionIssuedNow(email: string): Promise<SessionClaims> {
  return claimsOf(email);
}

/** Signs in with a cookie kept from earlier (see sessionIssuedNow). */
export function signedInWith(claims: SessionClaims) {
  sessionClaims.mockImplementation(async () => claims);
}

beforeEach(() => signedInAs(null));
