"use client";

import { useActionState, useState } from "react";
import { addNoteAction } from "@/app/support/actions";
import { Button } from "@/components/ui/button";
import { idleState, type ActionState } from "@/lib/auth/action-state";
import { maxNoteLength } from "@/lib/support/limits";
import { submitOnModEnter } from "./decision-dialogs";
import { noteBoxId } from "./review-panel";

export type NoteView = { id: string; body: string; authorName: string; at: string };

/** Staff-only notes: the list the server rendered, and a box to add one (N jumps here). */
export function RequestNotes({ requestId, notes }: { requestId: string; notes: NoteView[] }) {
  const [body, setBody] = useState("");
  const [state, action, pending] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await addNoteAction(previous, form);
    if (next.status === "success") setBody("");
    return next;
  }, idleState);
  const error = state.status === "error" ? (state.fieldErrors?.body ?? state.message) : null;
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
        <label htmlFor={noteBoxId} className="sr-only">
          New note
        </label>
        <textarea
          id={noteBoxId}
          name="body"
          rows={3}
          maxLength={maxNoteLength}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") event.currentTarget.blur();
            else submitOnModEnter(event);
          }}
          placeholder="Add a note for the team (N)"
          aria-invalid={error ? true : undefined}
          className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 aria-invalid:border-red-500"
        />
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
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
