import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Role } from "@/db/enums";
import { refusalResponse } from "@/lib/api/envelope";
import { DomainError, isDomainError } from "@/lib/errors";
import { overRateLimit, type RateLimitKind } from "@/lib/limits/rate-limits";
import { validationFailed, type ActionRefusal, type ActionState, type QueryState } from "./action-state.shared";
import { currentUser, type CurrentUser } from "./current-user";
import { homePath } from "./roles.shared";

/**
 * What an action reports back: the sentence to show, optionally which way it went for the form to react
 * to, and optionally a secret that exists in clear only in this one answer, such as a new API key.
 */
type Success = { message: string; outcome?: string; shownOnce?: string };

type Access = { ok: true; user: CurrentUser } | { ok: false; refusal: DomainError };

/** Who may call, then, for a call that is rate limited, whether this user has called too often. */
async function access(allowed: readonly Role[], limit?: RateLimitKind): Promise<Access> {
  const user = await currentUser();
  if (!user) return { ok: false, refusal: new DomainError("auth.required", "Sign in to continue.") };
  if (!allowed.includes(user.role)) {
    return { ok: false, refusal: new DomainError("auth.forbidden", "You do not have access to this.") };
  }
  const limited = limit ? await overRateLimit(limit, user.id) : null;
  if (limited) return { ok: false, refusal: limited };
  return { ok: true, user };
}

function actionRefusal({ code, message, field }: DomainError): ActionRefusal {
  return { status: "error", code, message, ...(field ? { fieldErrors: { [field]: message } } : {}) };
}

/** For pages and layouts: anonymous visitors go to /login, other roles go to their own home. */
export async function requirePageUser(allowed: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!allowed.includes(user.role)) redirect(homePath(user.role));
  return user;
}

type Checked<Input> = { ok: true; input: Input; user: CurrentUser } | { ok: false; refusal: ActionRefusal };

/** The role first, then the form: a refused role learns nothing about what it sent. */
async function checkedForm<Schema extends z.ZodType>(
  allowed: readonly Role[],
  schema: Schema,
  formData: FormData,
  limit?: RateLimitKind,
): Promise<Checked<z.infer<Schema>>> {
  const granted = await access(allowed, limit);
  if (!granted.ok) return { ok: false, refusal: actionRefusal(granted.refusal) };
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, refusal: validationFailed(parsed.error) };
  return { ok: true, input: parsed.data, user: granted.user };
}

/**
 * Wraps a server action used with useActionState: checks the role and, given a `limit`, counts the
 * call against the user's rate limit, validates the form with zod, and turns domain refusals into a
 * typed state. Nothing runs unless every check passes.
 */
export function authorizedAction<Schema extends z.ZodType>(
  allowed: readonly Role[],
  schema: Schema,
  run: (input: z.infer<Schema>, user: CurrentUser) => Promise<string | Success>,
  limit?: RateLimitKind,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const checked = await checkedForm(allowed, schema, formData, limit);
    if (!checked.ok) return checked.refusal;
    try {
      const result = await run(checked.input, checked.user);
      return { status: "success", ...(typeof result === "string" ? { message: result } : result) };
    } catch (error) {
      if (isDomainError(error)) return actionRefusal(error);
      throw error;
    }
  };
}

/**
 * For route handlers behind a web session: refuses with the API error envelope before the handler
 * runs, with a Retry-After header when the user has called too often for the `limit`.
 */
export function authorizedRoute<Context>(
  allowed: readonly Role[],
  handle: (request: Request, user: CurrentUser, context: Context) => Promise<Response>,
  limit?: RateLimitKind,
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const granted = await access(allowed, limit);
    if (!granted.ok) return refusalResponse(granted.refusal);
    return handle(request, granted.user, context);
  };
}

/**
 * Like authorizedAction, for an action that answers with data to show rather than a sentence, such as
 * a preview. It changes nothing, so it is called directly rather than through a form's action.
 */
export function authorizedQuery<Schema extends z.ZodType, Result>(
  allowed: readonly Role[],
  schema: Schema,
  run: (input: z.infer<Schema>, user: CurrentUser) => Promise<Result>,
) {
  return async (formData: FormData): Promise<QueryState<Result>> => {
    const checked = await checkedForm(allowed, schema, formData);
    if (!checked.ok) return checked.refusal;
    return { status: "success", result: await run(checked.input, checked.user) };
  };
}
