"use client";

import { useState } from "react";
import { revokeApiKeyAction } from "@/app/admin/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { DialogFormEnd } from "@/components/ui/dialog-form-end";
import { useFormAction } from "@/components/ui/use-form-action";

export function ApiKeyRevokeButton({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const { state, action, pending } = useFormAction(revokeApiKeyAction);
  return (
    <Dialog open={open && state.status !== "success"} onOpenChange={setOpen}>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      <DialogContent>
        <DialogTitle>Revoke “{name}”?</DialogTitle>
        <DialogDescription>
          Every request made with this key is refused from now on. This cannot be undone: the backend needs a new key.
        </DialogDescription>
        <form action={action} className="mt-4 space-y-4">
          <input type="hidden" name="id" value={id} />
          <DialogFormEnd
            formError={state.status === "error" ? state.message : undefined}
            pending={pending}
            submitLabel="Revoke key"
            pendingLabel="Revoking…"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
