"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { toast } from "sonner";
import { decideAction, reviewNextAction, skipAction } from "@/app/support/actions";
import { Button } from "@/components/ui/button";
import { sentValues } from "@/components/ui/use-form-action";
import { idleState, type ActionState } from "@/lib/auth/action-state.shared";
import { ApproveDialog, DenyDialog, SkipDialog, type FormError } from "./decision-dialogs";
import { queueUrl } from "./queue-api";
import { Kbd, ShortcutsDialog, type ShortcutHelp } from "./shortcuts-dialog";
import { useShortcuts } from "./use-shortcuts";

export const noteBoxId = "note-body";

const shortcuts: ShortcutHelp = [
  { keys: ["A"], does: "Approve: refund what the request asks for" },
  { keys: ["D"], does: "Deny, with a reason and a message" },
  { keys: ["S"], does: "Skip, with a reason" },
  { keys: ["N"], does: "Write an internal note (Ctrl+Enter saves)" },
  { keys: ["J"], does: "Next pending request" },
  { keys: ["K"], does: "Previous pending request" },
  { keys: ["U"], does: "Back to the queue" },
  { keys: ["?"], does: "Show these shortcuts" },
];

type Tone = "success" | "info";

type Dialog = "approve" | "deny" | "skip" | "help" | null;

export function BackToQueue() {
  const router = useRouter();
  return (
    <Link
      href="/support"
      onClick={(event) => {
        event.preventDefault();
        router.push(queueUrl());
      }}
      className="text-sm font-medium text-brand-700 hover:underline"
    >
      ← Queue
    </Link>
  );
}

export function ReviewPanel({
  requestId,
  pending,
  reviewMode,
  refund,
  previousId,
  nextId,
}: {
  requestId: string;
  pending: boolean;
  reviewMode: boolean;
  /** What approving gives back, in words. */
  refund: string;
  previousId: string | null;
  nextId: string | null;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [moving, startMoving] = useTransition();

  /** Once a request is off the agent's hands: the next one in review mode, or else back to the list. */
  async function goOn(message: string, tone: Tone) {
    toast[tone](message);
    if (!reviewMode) {
      router.push(queueUrl());
      return;
    }
    // Redirects to the next request when there is one; only an empty queue comes back.
    const next = await reviewNextAction(idleState, new FormData());
    if (next.status === "error") {
      toast.error(next.message);
      return;
    }
    if (next.status === "success") toast.info(next.message);
    router.push(queueUrl());
  }

  async function settle(next: ActionState, form: FormData, tone: Tone) {
    if (next.status === "success") {
      setDialog(null);
      await goOn(next.message, tone);
      return;
    }
    if (next.status !== "error") return;
    if (next.code === "validation.failed") {
      setFormError({ state: next, values: sentValues(form) });
      return;
    }
    // Lost to another agent, or gone: the dialog has nothing left to do, and the page should show why.
    setDialog(null);
    setRefusal(next.message);
    router.refresh();
  }

  const [, decide, deciding] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await decideAction(previous, form);
    await settle(next, form, "success");
    return next;
  }, idleState);
  const [, skip, skipping] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await skipAction(previous, form);
    await settle(next, form, "info");
    return next;
  }, idleState);

  function open(kind: Exclude<Dialog, null>) {
    if (kind !== "help" && !pending) return;
    setFormError(null);
    setDialog(kind);
  }

  function visit(id: string | null, none: string) {
    if (!id) toast.info(none);
    else router.push(`/support/requests/${id}${reviewMode ? "?review=1" : ""}`);
  }

  useShortcuts({
    a: () => open("approve"),
    d: () => open("deny"),
    s: () => open("skip"),
    n: () => document.getElementById(noteBoxId)?.focus(),
    j: () => visit(nextId, "This is the newest pending request."),
    k: () => visit(previousId, "This is the oldest pending request."),
    u: () => router.push(queueUrl()),
    "?": () => open("help"),
  });

  const shared = {
    onOpenChange: (isOpen: boolean) => setDialog(isOpen ? dialog : null),
    fields: { requestId },
    error: formError,
  };

  return (
    <div className="space-y-3">
      {pending ? (
        <>
          <div className="grid grid-cols-3 gap-2">
            <Button onClick={() => open("approve")}>
              Approve
              <span className="max-sm:hidden">
                <Kbd>A</Kbd>
              </span>
            </Button>
            <Button variant="secondary" onClick={() => open("deny")}>
              Deny
              <span className="max-sm:hidden">
                <Kbd>D</Kbd>
              </span>
            </Button>
            <Button variant="secondary" onClick={() => open("skip")}>
              Skip
              <span className="max-sm:hidden">
                <Kbd>S</Kbd>
              </span>
            </Button>
          </div>
          <p className="text-xs text-slate-500">
            Approving refunds {refund}. {reviewMode ? "The next request opens by itself." : null} Press <Kbd>?</Kbd> for
            every shortcut.
          </p>
        </>
      ) : null}
      {refusal ? (
        <div
          role="alert"
          data-testid="decision-refusal"
          className="space-y-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <p>{refusal}</p>
          {reviewMode ? (
            <Button
              variant="secondary"
              disabled={moving}
              onClick={() => startMoving(() => goOn("On to the next one.", "info"))}
            >
              Next request
            </Button>
          ) : null}
        </div>
      ) : null}
      <ApproveDialog
        {...shared}
        open={dialog === "approve"}
        title="Approve this request?"
        description={`This refunds ${refund} to the customer, who is told at once.`}
        submitLabel={`Approve and refund ${refund}`}
        action={decide}
        pending={deciding}
      />
      <DenyDialog
        {...shared}
        open={dialog === "deny"}
        title="Deny this request"
        description="Choose the reason code; the customer reads the message."
        submitLabel="Deny"
        action={decide}
        pending={deciding}
      />
      <SkipDialog
        {...shared}
        open={dialog === "skip"}
        title="Skip this request"
        description="It goes back to the queue for the others, and review mode stops offering it to you."
        submitLabel="Skip"
        action={skip}
        pending={skipping}
      />
      <ShortcutsDialog
        open={dialog === "help"}
        onOpenChange={(isOpen) => setDialog(isOpen ? "help" : null)}
        shortcuts={shortcuts}
      />
    </div>
  );
}
