"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeStaffRole, createStaff } from "@/lib/admin/staff";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles, roleLabels } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

const staffRole = z.enum(["agent", "admin"], "Choose support agent or admin.");

/** bcrypt reads only the first 72 bytes, so a longer password would silently not count. */
const maxPasswordLength = 72;

const newStaff = z.object({
  name: requiredText("Enter a name.", { max: 200, what: "the name" }),
  email: z
    .email("Enter a valid email address.")
    .max(254, "Please keep the email under 254 characters.")
    .transform((email) => email.toLowerCase()),
  password: z
    .string("Choose an initial password.")
    .min(12, "The initial password needs at least 12 characters.")
    .max(maxPasswordLength, `Please keep the password under ${maxPasswordLength} characters.`),
  role: staffRole,
});

export const createStaffAction = authorizedAction(adminRoles, newStaff, async (input, user) => {
  const created = await createStaff(user, input);
  revalidatePath("/admin/staff");
  return `${created.email} can now sign in as ${roleLabels[created.role].toLowerCase()}.`;
});

export const changeRoleAction = authorizedAction(
  adminRoles,
  z.object({ userId: z.uuid("That is not a staff member."), role: staffRole }),
  async ({ userId, role }, user) => {
    const changed = await changeStaffRole(user, userId, role);
    revalidatePath("/admin/staff");
    return `${changed.name ?? changed.email} is now ${roleLabels[changed.role].toLowerCase()}.`;
  },
);
