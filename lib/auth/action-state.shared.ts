import { fieldMessages, type Issues } from "@/lib/validation/issues.shared";

export type ActionState =
  | { status: "idle" }
  | { status: "success"; message: string; outcome?: string; shownOnce?: string }
  | { status: "error"; code: string; message: string; fieldErrors?: Record<string, string> };

export type ActionRefusal = Extract<ActionState, { status: "error" }>;

/** What an action that answers with data (see authorizedQuery) gives back. */
export type QueryState<Result> = { status: "idle" } | { status: "success"; result: Result } | ActionRefusal;

export const idleState: ActionState = { status: "idle" };

/** The first message for each field, as forms show them beside the input. */
export function validationFailed(error: Issues): ActionRefusal {
  const fieldErrors = fieldMessages(error, "form");
  return { status: "error", code: "validation.failed", message: "Please correct the highlighted fields.", fieldErrors };
}
