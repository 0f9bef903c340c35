import "server-only";
import { auth } from "./auth";

/** What the session cookie says: who signed in, and the session version their account had then. */
export type SessionClaims = { userId: string; version: number };

/** The signed-in user's claims from the session cookie, or null. Everything else is re-read from the database. */
export async function sessionClaims(): Promise<SessionClaims | null> {
  const user = (await auth())?.user;
  if (!user?.id || typeof user.sessionVersion !== "number") return null;
  return { userId: user.id, version: user.sessionVersion };
}
