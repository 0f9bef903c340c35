"use client";

import { changePasswordAction } from "@/app/account/password/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";

/** Passwords are never given back to their fields: a refused form asks for them again. */
export function PasswordForm() {
  const { state, errors, action, pending } = useFormAction(changePasswordAction);
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field
        id="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        error={errors.currentPassword}
      />
      <Field
        id="new-password"
        name="newPassword"
        type="password"
        label="New password (at least 12 characters)"
        autoComplete="new-password"
        required
        error={errors.newPassword}
      />
      <Field
        id="repeated-password"
        name="repeatedPassword"
        type="password"
        label="New password again"
        autoComplete="new-password"
        required
        error={errors.repeatedPassword}
      />
      <FormNotice state={state} fields={["currentPassword", "newPassword", "repeatedPassword"]} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
