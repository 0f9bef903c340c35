"use client";

import { revokeApiKeyAction } from "@/app/admin/api-keys/actions";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";

export function ApiKeyRevokeButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmActionDialog
      id={id}
      action={revokeApiKeyAction}
      trigger="Revoke"
      triggerLabel={`Revoke ${name}`}
      title={`Revoke “${name}”?`}
      description="Every request made with this key is refused from now on. This cannot be undone: the backend needs a new key."
      submitLabel="Revoke key"
      pendingLabel="Revoking…"
    />
  );
}
