import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { homePath, rolesForPath } from "./roles.shared";

/** Where a person lands after signing in: the page they asked for if their role may see it, else their home. */
export async function landingPath(email: string, requested: string): Promise<string> {
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.email, email)).limit(1);
  if (!user) return "/login";
  const allowed = rolesForPath(new URL(requested, "http://local.invalid").pathname);
  const mayOpen = allowed !== "public" && allowed.includes(user.role);
  return mayOpen ? requested : homePath(user.role);
}
