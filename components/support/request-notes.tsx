"use client";

import { addNoteAction } from "@/app/support/actions";
import { Button } from "@/components/ui/button";
import { TextareaField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";
import { maxNoteLength } from "@/lib/support/limits.shared";
import { submitOnModEnter } from "./decision-dialogs";
import { noteBoxId } from "./review-panel";

export type NoteView = { id: string; body: string; authorName: string; at: string };

/** Staff-only notes: the list the server rendered, and a box to add one (N jumps here). */
export function RequestNotes({ requestId, notes }: { requestId: string; notes: NoteView[] }) {
  const { state, values, errors, action, pending } = useFormAction(addNoteAction);
  return (
    <div className="space-y-3">
      {notes.length === 0 ? (
        <p className="text-sm text-slate-500">No notes yet. Customers never see them.</p>
      ) : (
        <ul className="space-y-2" aria-label="Notes">
          {notes.map((note) => (
            <li key={note.id} data-testid="note" className="rounded-lg bg-slate-50 px-3 py-2 text-sm">
              <p className="whitespace-pre-wrap text-slate-800">{note.body}</p>
              <p className="mt-1 text-xs text-slate-500">
                {note.authorName} · {note.at}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form action={action} className="space-y-2">
        <input type="hidden" name="requestId" value={requestId} />
        <TextareaField
          id={noteBoxId}
          name="body"
          label="New note"
          hideLabel
          rows={3}
          maxLength={maxNoteLength}
          defaultValue={values.body}
          onKeyDown={(event) => {
            if (event.key === "Escape") event.currentTarget.blur();
            else submitOnModEnter(event);
          }}
          placeholder="Add a note for the team (N)"
          error={errors.body}
        />
        {/* A note added shows in the list above; only a refusal needs words. */}
        {state.status === "error" ? <FormNotice state={state} fields={["body"]} /> : null}
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs text-slate-500">Ctrl+Enter saves · Esc leaves the box</span>
          <Button type="submit" variant="secondary" disabled={pending} className="shrink-0">
            {pending ? "Saving…" : "Add note"}
          </Button>
        </div>
      </form>
    </div>
  );
}
