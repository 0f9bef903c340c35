import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Role } from "@/db/enums";
import { refusalResponse } from "@/lib/api/envelope";
import { DomainError, isDomainError } from "@/lib/errors";
import { overRateLimit, type RateLimitKind } from "@/lib/limits/rate-limits";
import { validationFailed, type ActionRefusal, type ActionState, type QueryState } from "./action-state.shared";
import { currentUser, type CurrentUser, type SignedInUser } from "./current-user";
import { homePath, passwordPath } from "./roles.shared";

/**
 * What an action reports back: the sentence to show, optionally which way it went for the form to react
 * to, and optionally a secret that exists in clear only in this one answer, such as a new API key.
 */
type Success = { message: string; outcome?: string; shownOnce?: string };

/**
 * Until someone who must choose a password has done so, only the page and action that set it let
 * them in; they pass `beforePasswordChange`. A call that is rate limited names its `limit`.
 */
export type GuardOptions = { beforePasswordChange?: boolean; limit?: RateLimitKind };

type Access = { ok: true; user: SignedInUser } | { ok: false; refusal: DomainError };

/** Who may call, whether they must choose a password first, then whether they have called too often. */
async function access(allowed: readonly Role[], options: GuardOptions = {}): Promise<Access> {
  const user = await currentUser();
  if (!user) return { ok: false, refusal: new DomainError("auth.required", "Sign in to continue.") };
  if (!allowed.includes(user.role)) {
    return { ok: false, refusal: new DomainError("auth.forbidden", "You do not have access to this.") };
  }
  if (user.mustChangePassword && !options.beforePasswordChange) {
    return {
      ok: false,
      refusal: new DomainError("auth.password_change_required", "Choose your own password first."),
    };
  }
  const limited = options.limit ? await overRateLimit(options.limit, user.id) : null;
  if (limited) return { ok: false, refusal: limited };
  return { ok: true, user };
}

function actionRefusal({ code, message, field }: DomainError): ActionRefusal {
  return { status: "error", code, message, ...(field ? { fieldErrors: { [field]: message } } : {}) };
}

/**
 * For pages and layouts: anonymous visitors go to /login, other roles go to their own home, and
 * whoever must choose a password goes to the page that sets it.
 */
export async function requirePageUser(allowed: readonly Role[], options: GuardOptions = {}): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!allowed.includes(user.role)) redirect(homePath(user.role));
  if (user.mustChangePassword && !options.beforePasswordChange) redirect(passwordPath);
  return user;
}

type Checked<Input> = { ok: true; input: Input; user: SignedInUser } | { ok: false; refusal: ActionRefusal };

/** The role first, then the form: a refused role learns nothing about what it sent. */
async function checkedForm<Schema extends z.ZodType>(
  allowed: readonly Role[],
  schema: Schema,
  formData: FormData,
  options: GuardOptions = {},
): Promise<Checked<z.infer<Schema>>> {
  const granted = await access(allowed, options);
  if (!granted.ok) return { ok: false, refusal: actionRefusal(granted.refusal) };
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, refusal: validationFailed(parsed.error) };
  return { ok: true, input: parsed.data, user: granted.user };
}

/**
 * Wraps a server action used with useActionState: checks the role and, given a `limit` option, counts the
 * call against the user's rate limit, validates the form with zod, and turns domain refusals into a
 * typed state. Nothing runs unless every check passes.
 */
export function authorizedAction<Schema extends z.ZodType>(
  allowed: readonly Role[],
  schema: Schema,
  run: (input: z.infer<Schema>, user: SignedInUser) => Promise<string | Success>,
  options: GuardOptions = {},
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const checked = await checkedForm(allowed, schema, formData, options);
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
  options: GuardOptions = {},
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const granted = await access(allowed, options);
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
