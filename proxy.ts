import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { homePath, rolesForPath } from "@/lib/auth/roles.shared";
import { contentSecurityPolicyHeader, newNonce, securityHeaders } from "@/lib/http/security-headers.shared";

function isHttps(request: NextRequest) {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/**
 * Sends visitors to the login page or their own home before a page renders. It only reads the
 * session: Auth.js's own wrapper re-issues the cookie, and a prefetch that races a sign-out would
 * bring the session back. Pages and actions check again on the server.
 */
async function route(request: NextRequest, https: boolean, pass: () => NextResponse) {
  const allowed = rolesForPath(request.nextUrl.pathname);
  if (allowed === "public") return pass();
  const token = await getToken({ req: request, secret: process.env.AUTH_SECRET, secureCookie: https });
  const role = token?.role;
  if (!role) {
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(login);
  }
  if (!allowed.includes(role)) return NextResponse.redirect(new URL(homePath(role), request.nextUrl));
  return pass();
}

/** Every response it passes, redirects included, leaves with the security headers. */
export async function proxy(request: NextRequest) {
  const https = isHttps(request);
  const headers = securityHeaders({ nonce: newNonce(), https, development: process.env.NODE_ENV === "development" });
  // Next.js finds the nonce in the request's own policy header and puts it on the scripts it renders.
  const pass = () => {
    const forwarded = new Headers(request.headers);
    forwarded.set(contentSecurityPolicyHeader, headers[contentSecurityPolicyHeader]!);
    return NextResponse.next({ request: { headers: forwarded } });
  };
  const response = await route(request, https, pass);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // API routes authenticate for themselves; next.config.ts gives them and the static files their headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
