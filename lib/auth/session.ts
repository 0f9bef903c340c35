import "server-only";
import { auth } from "./auth";

/** The signed-in user's id from the session cookie, or null. Roles are always re-read from the database. */
export async function sessionUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
