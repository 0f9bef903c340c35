import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Role } from "@/db/enums";
import { errorResponse } from "@/lib/api/envelope";
import { isDomainError } from "@/lib/errors";
import { validationFailed, type ActionState } from "./action-state.shared";
import { currentUser, type CurrentUser } from "./current-user";
import { homePath } from "./roles.shared";

/**
 * What an action reports back: the sentence to show, optionally which way it went for the form to react
 * to, and optionally a secret that exists in clear only in this one answer, such as a new API key.
 */
type Success = { message: string; outcome?: string; shownOnce?: string };

type Access = { ok: true; user: CurrentUser } | { ok: false; code: "auth.required" | "auth.forbidden" };

async function access(allowed: readonly Role[]): Promise<Access> {
  const user = await currentUser();
  if (!user) return { ok: false, code: "auth.required" };
  if (!allowed.includes(user.role)) return { ok: false, code: "auth.forbidden" };
  return { ok: true, user };
}

const refusals = {
  "auth.required": "Sign in to continue.",
  "auth.forbidden": "You do not have access to this.",
} as const;

/** For pages and layouts: anonymous visitors go to /login, other roles go to their own home. */
export async function requirePageUser(allowed: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!allowed.includes(user.role)) redirect(homePath(user.role));
  return user;
}

/**
 * Wraps a server action used with useActionState: checks the role, validates the form with zod,
 * and turns domain refusals into a typed state. Nothing runs unless both checks pass.
 */
export function authorizedAction<Schema extends z.ZodType>(
  allowed: readonly Role[],
  schema: Schema,
  run: (input: z.infer<Schema>, user: CurrentUser) => Promise<string | Success>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const granted = await access(allowed);
    if (!granted.ok) return { status: "error", code: granted.code, message: refusals[granted.code] };
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return validationFailed(parsed.error);
    try {
      const result = await run(parsed.data, granted.user);
      return { status: "success", ...(typeof result === "string" ? { message: result } : result) };
    } catch (error) {
      if (isDomainError(error)) {
        const { code, message, field } = error;
        return { status: "error", code, message, ...(field ? { fieldErrors: { [field]: message } } : {}) };
      }
      throw error;
    }
  };
}

/** For route handlers behind a web session: refuses with the API error envelope before the handler runs. */
export function authorizedRoute<Context>(
  allowed: readonly Role[],
  handle: (request: Request, user: CurrentUser, context: Context) => Promise<Response>,
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const granted = await access(allowed);
    if (!granted.ok) return errorResponse(granted.code, refusals[granted.code]);
    return handle(request, granted.user, context);
  };
}
