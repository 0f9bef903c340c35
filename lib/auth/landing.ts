import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { homePath, passwordPath, rolesForPath } from "./roles.shared";

/** Any origin works: only whether a value stays on it matters, and a browser resolves it the same way. */
const ownOrigin = "https://makegood.invalid";

/**
 * The path and query a callbackUrl names on this site, or "/" when it could lead anywhere else. The
 * value is resolved as a browser would resolve it (which also drops tabs and newlines and reads `\` as
 * `/`), and the result must still resolve to this origin: `/.//evil` normalises to `//evil`, which a
 * browser reads as another host.
 */
export function sameOriginPath(value: unknown): string {
  if (typeof value !== "string" || value === "") return "/";
  let url: URL;
  try {
    url = new URL(value, `${ownOrigin}/`);
  } catch {
    return "/";
  }
  if (url.origin !== ownOrigin) return "/";
  const path = `${url.pathname}${url.search}`;
  if (!path.startsWith("/") || path.startsWith("//") || new URL(path, `${ownOrigin}/`).origin !== ownOrigin) return "/";
  return path;
}

/**
 * Where a person lands after signing in: the set-password page while they must choose a password,
 * else the same-origin page they asked for if their role may see it, else their home.
 */
export async function landingPath(email: string, callbackUrl: unknown): Promise<string> {
  const [user] = await db
    .select({ role: users.role, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!user) return "/login";
  if (user.mustChangePassword) return passwordPath;
  const requested = sameOriginPath(callbackUrl);
  const allowed = rolesForPath(new URL(requested, `${ownOrigin}/`).pathname);
  const mayOpen = allowed !== "public" && allowed.includes(user.role);
  return mayOpen ? requested : homePath(user.role);
}
