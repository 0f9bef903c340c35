"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signInAgain } from "@/lib/auth/auth";
import { authorizedAction } from "@/lib/auth/guards";
import { passwordRules } from "@/lib/auth/password";
import { changeOwnPassword } from "@/lib/auth/password-change";
import { everyRole, homePath } from "@/lib/auth/roles.shared";
import { changedParam } from "./changed";

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

/**
 * The change ends every session issued before it, this browser's too, so this browser signs in again.
 * The page then loads afresh: re-rendered in this request, it would still read the old session cookie.
 */
export const changePasswordAction = authorizedAction(
  everyRole,
  passwordChange,
  async ({ currentPassword, newPassword }, user) => {
    await changeOwnPassword(user, currentPassword, newPassword);
    if (!(await signInAgain(user.email, newPassword))) redirect("/login");
    redirect(user.mustChangePassword ? homePath(user.role) : `/account/password?${changedParam}=1`);
  },
  { beforePasswordChange: true },
);
