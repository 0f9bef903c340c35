import type { NextAuthConfig } from "next-auth";
import { homePath, rolesForPath } from "./roles";

/** The part of the Auth.js setup that needs no database, shared by the proxy and the full config. */
export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt" },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const allowed = rolesForPath(request.nextUrl.pathname);
      if (allowed === "public") return true;
      const role = auth?.user?.role;
      if (!role) return false;
      if (allowed.includes(role)) return true;
      return Response.redirect(new URL(homePath(role), request.nextUrl));
    },
    jwt({ token, user }) {
      if (user?.id && user.role) {
        token.id = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (token.id && token.role) {
        session.user.id = token.id;
        session.user.role = token.role;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
