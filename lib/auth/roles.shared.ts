import { roles, type Role } from "@/db/enums";

export const customerRoles: readonly Role[] = ["customer"];
export const staffRoles: readonly Role[] = ["agent", "admin"];
export const adminRoles: readonly Role[] = ["admin"];
export const everyRole: readonly Role[] = roles;

/** Where anyone changes their own password, and where staff choose theirs before anything else. */
export const passwordPath = "/account/password";

export const roleLabels: Record<Role, string> = {
  customer: "Customer",
  agent: "Support agent",
  admin: "Admin",
};

export function homePath(role: Role): string {
  if (role === "admin") return "/admin";
  if (role === "agent") return "/support";
  return "/";
}

function within(pathname: string, area: string) {
  return pathname === area || pathname.startsWith(`${area}/`);
}

/**
 * Which roles may open a page. API routes are left to their handlers, which answer 401 or 403
 * in JSON rather than with a redirect to the login page. The API's documentation is for hosts,
 * who have no account here.
 */
export function rolesForPath(pathname: string): readonly Role[] | "public" {
  if (pathname === "/login" || within(pathname, "/api") || within(pathname, "/docs")) return "public";
  if (within(pathname, "/account")) return everyRole;
  // Agents read insights too; recording an action there is for admins, which its action checks.
  if (within(pathname, "/admin/insights")) return staffRoles;
  if (within(pathname, "/admin")) return adminRoles;
  if (within(pathname, "/support")) return staffRoles;
  return customerRoles;
}
