import { useActionState } from "react";
import { idleState, type ActionState } from "@/lib/auth/action-state.shared";

/** What was written in a form, by field name, to give back to its fields. */
export type FormValues = Record<string, string>;

type Answer = { state: ActionState; values: FormValues };

/** The text a form sent; files are never kept. */
export function sentValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form) if (typeof value === "string") values[name] = value;
  return values;
}

/**
 * useActionState for a form whose fields keep what was written when the action refuses it. React
 * resets a form after its action, to the fields' defaults; every field takes its `defaultValue` (or
 * `defaultChecked`) from `values`, which hold what was sent after a refusal and nothing after a
 * success, so a refused form comes back as written and a saved one comes back empty.
 */
export type FormAction = (previous: ActionState, form: FormData) => Promise<ActionState>;

export function useFormAction(action: FormAction, onAnswer?: (state: ActionState) => void) {
  const [answer, submit, pending] = useActionState(
    async (previous: Answer, form: FormData): Promise<Answer> => {
      const state = await action(previous.state, form);
      onAnswer?.(state);
      return { state, values: state.status === "error" ? sentValues(form) : {} };
    },
    { state: idleState, values: {} },
  );
  const { state, values } = answer;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return { state, values, errors, action: submit, pending };
}
