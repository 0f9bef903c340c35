import type { ActionState } from "@/lib/auth/action-state.shared";

const tones = {
  error: { role: "alert", className: "bg-red-50 text-red-700" },
  success: { role: "status", className: "bg-emerald-50 text-emerald-800" },
} as const;

type Notice = { tone: keyof typeof tones; message: string };

/**
 * What an action's answer leaves to say beside the fields: the success sentence, or a refusal no
 * shown field already says. A field-less refusal names the field it was about, if that field is hidden.
 */
function noticeOf(state: ActionState, fields: readonly string[]): Notice | null {
  if (state.status === "success") return { tone: "success", message: state.message };
  if (state.status !== "error") return null;
  const errors = Object.entries<string>(state.fieldErrors ?? {});
  const hidden = errors.find(([name]) => !fields.includes(name));
  if (hidden) return { tone: "error", message: hidden[1] };
  if (errors.some(([, message]) => message === state.message)) return null;
  return { tone: "error", message: state.message };
}

/**
 * A form's message that belongs to no single field: a refusal, or the word that it worked. Give it
 * the action's state and the names of the fields that show their own errors, or a message of its own.
 */
export function FormNotice(
  props: { state: ActionState; fields?: readonly string[] } | { tone: keyof typeof tones; children: string },
) {
  const notice =
    "state" in props ? noticeOf(props.state, props.fields ?? []) : { tone: props.tone, message: props.children };
  if (!notice) return null;
  const { role, className } = tones[notice.tone];
  return (
    <p role={role} className={`whitespace-pre-line rounded-lg px-3 py-2 text-sm ${className}`}>
      {notice.message}
    </p>
  );
}
