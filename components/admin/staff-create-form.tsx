"use client";

import { createStaffAction } from "@/app/admin/staff/actions";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormNotice } from "@/components/ui/form-notice";
import { useFormAction } from "@/components/ui/use-form-action";

const roleOptions = [
  { value: "agent", label: "Support agent" },
  { value: "admin", label: "Admin" },
];

/** The password is never given back to its field: a refused form asks for it again. */
export function StaffCreateForm() {
  const { state, values, errors, action, pending } = useFormAction(createStaffAction);
  return (
    <form action={action} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="staff-name"
          name="name"
          label="Name"
          autoComplete="off"
          required
          defaultValue={values.name}
          error={errors.name}
        />
        <Field
          id="staff-email"
          name="email"
          type="email"
          label="Email"
          autoComplete="off"
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <Field
          id="staff-password"
          name="password"
          type="password"
          label="Initial password (at least 12 characters)"
          autoComplete="new-password"
          required
          error={errors.password}
        />
        <SelectField
          id="staff-role"
          name="role"
          label="Role"
          options={roleOptions}
          defaultValue={values.role ?? "agent"}
          error={errors.role}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create staff member"}
        </Button>
        <FormNotice state={state} fields={["name", "email", "password", "role"]} />
      </div>
    </form>
  );
}
