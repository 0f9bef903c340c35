"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeStaffRole, createStaff, setStaffDisabled } from "@/lib/admin/staff";
import { authorizedAction } from "@/lib/auth/guards";
import { passwordRules } from "@/lib/auth/password";
import { adminRoles, roleLabels } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

const staffRole = z.enum(["agent", "admin"], "Choose support agent or admin.");

const staffId = z.uuid("That is not a staff member.");

const newStaff = z.object({
  name: requiredText("Enter a name.", { max: 200, what: "the name" }),
  email: z
    .email("Enter a valid email address.")
    .max(254, "Please keep the email under 254 characters.")
    .transform((email) => email.toLowerCase()),
  password: passwordRules("The initial password", "Choose an initial password."),
  role: staffRole,
});

export const createStaffAction = authorizedAction(adminRoles, newStaff, async (input, user) => {
  const created = await createStaff(user, input);
  revalidatePath("/admin/staff");
  return `${created.email} can now sign in as ${roleLabels[created.role].toLowerCase()}, and will choose their own password first.`;
});

export const changeRoleAction = authorizedAction(
  adminRoles,
  z.object({ userId: staffId, role: staffRole }),
  async ({ userId, role }, user) => {
    const changed = await changeStaffRole(user, userId, role);
    revalidatePath("/admin/staff");
    return `${changed.name ?? changed.email} is now ${roleLabels[changed.role].toLowerCase()}.`;
  },
);

export const disableStaffAction = authorizedAction(adminRoles, z.object({ id: staffId }), async ({ id }, user) => {
  const changed = await setStaffDisabled(user, id, true);
  revalidatePath("/admin/staff");
  return `${changed.name ?? changed.email} is disabled and signed out everywhere.`;
});

export const enableStaffAction = authorizedAction(adminRoles, z.object({ id: staffId }), async ({ id }, user) => {
  const changed = await setStaffDisabled(user, id, false);
  revalidatePath("/admin/staff");
  return `${changed.name ?? changed.email} can sign in again.`;
});
