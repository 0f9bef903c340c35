import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { homePath, rolesForPath } from "@/lib/auth/roles.shared";

function isHttps(request: NextRequest) {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/**
 * Sends visitors to the login page or their own home before a page renders. It only reads the
 * session: Auth.js's own wrapper re-issues the cookie, and a prefetch that races a sign-out would
 * bring the session back. Pages and actions check again on the server.
 */
export async function proxy(request: NextRequest) {
  const allowed = rolesForPath(request.nextUrl.pathname);
  if (allowed === "public") return NextResponse.next();
  const token = await getToken({ req: request, secret: process.env.AUTH_SECRET, secureCookie: isHttps(request) });
  const role = token?.role;
  if (!role) {
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(login);
  }
  if (!allowed.includes(role)) return NextResponse.redirect(new URL(homePath(role), request.nextUrl));
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
