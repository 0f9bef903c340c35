import fs from "node:fs";
import path from "node:path";
import type { Role } from "@/db/enums";
import { rolesForPath } from "@/lib/auth/roles.shared";

export type Visitor = Role | "anonymous";

/**
 * Every page in app/, as its route with the dynamic segments left as `[name]`: read from the file
 * tree, so that a page added later is visited without anyone remembering to list it.
 */
function appPages(): string[] {
  const root = path.join(process.cwd(), "app");
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      const segments = path.dirname(file).split(path.sep);
      // Route groups such as (customer) shape layouts, not URLs.
      const route = segments.filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment));
      return `/${route.join("/")}`;
    })
    .sort();
}

/** The pages a visitor may open, by the same rule the proxy applies. Signed-in people skip the public pages. */
export function pagesFor(visitor: Visitor): string[] {
  return appPages().filter((route) => {
    const roles = rolesForPath(route);
    return visitor === "anonymous" ? roles === "public" : roles !== "public" && roles.includes(visitor);
  });
}

export const isDynamic = (route: string) => route.includes("[");
