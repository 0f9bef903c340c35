export type ActionState =
  | { status: "idle" }
  | { status: "success"; message: string; outcome?: string; shownOnce?: string }
  | { status: "error"; code: string; message: string; fieldErrors?: Record<string, string> };

export const idleState: ActionState = { status: "idle" };

type Issues = { issues: { path: PropertyKey[]; message: string }[] };

/** The first message for each field, as forms show them beside the input. */
export function validationFailed(error: Issues): ActionState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    fieldErrors[issue.path.map(String).join(".") || "form"] ??= issue.message;
  }
  return { status: "error", code: "validation.failed", message: "Please correct the highlighted fields.", fieldErrors };
}
