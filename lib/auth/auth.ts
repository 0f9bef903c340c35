import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { durationInWords } from "@/lib/format/duration.shared";
import type { ActionRefusal } from "./action-state.shared";
import { authenticate } from "./authenticate";
import { clientAddress } from "./client-address";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

class AccountDisabled extends CredentialsSignin {
  code = "disabled";
}

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";

  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

const invalidCredentials = "That email and password don't match an account.";

/** What the login form says about a refused sign-in. */
export function signInRefusal(error: CredentialsSignin): ActionRefusal {
  const message =
    error instanceof TooManyAttempts
      ? `Too many failed attempts. Wait ${durationInWords(error.retryAfterSeconds)}, then try again.`
      : error instanceof AccountDisabled
        ? "This account is disabled. Ask an admin to turn it back on."
        : invalidCredentials;
  return { status: "error", code: `auth.${error.code}`, message };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  pages: { signIn: "/login" },
  session: { strategy: "jwt" },
  trustHost: true,
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(error);
    },
  },
  adapter: DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await authenticate(credentials, clientAddress(request.headers));
        if (result.ok) return result.user;
        if (result.code === "rate_limited") throw new TooManyAttempts(result.retryAfterSeconds);
        throw result.code === "disabled" ? new AccountDisabled() : new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    // The version is set at sign-in only: nothing a browser sends can move it, so a session outlives
    // neither a disable nor a role or password change (lib/auth/current-user.ts compares it).
    jwt({ token, user }) {
      if (user?.id && user.role && user.sessionVersion !== undefined) {
        token.id = user.id;
        token.role = user.role;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (token.id && token.role && token.sessionVersion !== undefined) {
        session.user.id = token.id;
        session.user.role = token.role;
        session.user.sessionVersion = token.sessionVersion;
      }
      return session;
    },
  },
});

/**
 * Signs this browser in again after its session version moved on (a password change), through the one
 * path that issues sessions, throttle included. False when that sign-in was refused.
 */
export async function signInAgain(email: string, password: string): Promise<boolean> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return true;
  } catch (error) {
    if (error instanceof CredentialsSignin) return false;
    throw error;
  }
}
