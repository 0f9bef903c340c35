"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signInAgain } from "@/lib/auth/auth";
import { authorizedAction } from "@/lib/auth/guards";
import { passwordRules } from "@/lib/auth/password";
import { changeOwnPassword } from "@/lib/auth/password-change";
import { everyRole, homePath } from "@/lib/auth/roles.shared";

const passwordChange = z
  .object({
    currentPassword: z.string("Enter your current password.").min(1, "Enter your current password.").max(200),
    newPassword: passwordRules("The new password", "Choose a new password."),
    repeatedPassword: z.string("Type the new password again."),
  })
  .refine((input) => input.newPassword === input.repeatedPassword, {
    path: ["repeatedPassword"],
    message: "The two new passwords differ.",
  });

/** The change ends every session issued before it, this browser's too, so this browser signs in again. */
export const changePasswordAction = authorizedAction(
  everyRole,
  passwordChange,
  async ({ currentPassword, newPassword }, user) => {
    await changeOwnPassword(user, currentPassword, newPassword);
    if (!(await signInAgain(user.email, newPassword))) redirect("/login");
    if (user.mustChangePassword) redirect(homePath(user.role));
    return "Your password is changed. You are signed out everywhere else.";
  },
  { beforePasswordChange: true },
);
