import type { ActionState } from "@/lib/auth/action-state";

/** The outcome that belongs to no single field: the success sentence, or a refusal of the whole form. */
export function FormResult({ state, fields }: { state: ActionState; fields: string[] }) {
  if (state.status === "success") {
    return (
      <p role="status" className="text-sm text-emerald-700">
        {state.message}
      </p>
    );
  }
  if (state.status !== "error") return null;
  const shownByField = Object.keys(state.fieldErrors ?? {}).some((name) => fields.includes(name));
  if (shownByField) return null;
  return (
    <p role="alert" className="text-sm text-red-600">
      {state.fieldErrors ? Object.values(state.fieldErrors)[0] : state.message}
    </p>
  );
}
