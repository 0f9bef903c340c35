import { db } from "@/db/client";
import type { Role } from "@/db/enums";
import { users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";

/**
 * A user written straight to `users`, returned as the app reads the signed-in user back. The name is
 * the email's local part unless given.
 */
export async function person(
  email: string,
  role: Role,
  { name = email.split("@")[0] ?? null, customerId = null }: { name?: string | null; customerId?: string | null } = {},
): Promise<CurrentUser> {
  const [user] = await db
    .insert(users)
    .values({ email, name, role, customerId })
    .returning({ id: users.id, name: users.name, email: users.email, role: users.role, customerId: users.customerId });
  return user!;
}

/** A member of staff known by the name the screens show; the email is made from it. */
export function staffMember(name: string, role: Extract<Role, "agent" | "admin"> = "agent") {
  return person(`${name.toLowerCase().replace(/\W+/g, ".")}@makegood.test`, role, { name });
}
