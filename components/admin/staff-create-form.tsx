"use client";

import { useActionState, useState } from "react";
import { createStaffAction } from "@/app/admin/staff/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { idleState } from "@/lib/auth/action-state";

type Errors = Record<string, string>;

/** Controlled, because React clears a form after every action and a refused entry should stay to be fixed. */
function StaffFields({ errors }: { errors: Errors }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("agent");
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        id="staff-name"
        name="name"
        label="Name"
        autoComplete="off"
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
      />
      <Field
        id="staff-email"
        name="email"
        type="email"
        label="Email"
        autoComplete="off"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
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
      <div className="space-y-1.5">
        <label htmlFor="staff-role" className="block text-sm font-medium text-slate-700">
          Role
        </label>
        <select
          id="staff-role"
          name="role"
          value={role}
          onChange={(event) => setRole(event.target.value)}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="agent">Support agent</option>
          <option value="admin">Admin</option>
        </select>
        {errors.role ? <p className="text-sm text-red-600">{errors.role}</p> : null}
      </div>
    </div>
  );
}

export function StaffCreateForm() {
  const [state, action, pending] = useActionState(createStaffAction, idleState);
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {/* A new key after each success empties the fields for the next person. */}
      <StaffFields key={state.status === "success" ? state.message : "new"} errors={errors} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create staff member"}
        </Button>
        {state.status === "success" ? (
          <p role="status" className="text-sm text-emerald-700">
            {state.message}
          </p>
        ) : null}
        {state.status === "error" && !state.fieldErrors ? (
          <p role="alert" className="text-sm text-red-600">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
