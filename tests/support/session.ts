import { eq } from "drizzle-orm";
import { beforeEach, vi } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Stands in for lib/auth/session.ts, which reads the Auth.js cookie of a Next request that tests do
 * not have. A file that calls server actions or staff routes replaces the real module with this one:
 *
 *   vi.mock("@/lib/auth/session", () => import("../support/session"));
 *
 * and then says who is signed in with `signedInAs`. Every test starts signed out.
 */
export const sessionUserId = vi.fn<() => Promise<string | null>>();

/** The user with this email, as the app finds them when it next reads the session; null signs out. */
export function signedInAs(email: string | null) {
  sessionUserId.mockImplementation(async () => {
    if (email === null) return null;
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new Error(`No user ${email} to sign in as`);
    return user.id;
  });
}

beforeEach(() => signedInAs(null));
