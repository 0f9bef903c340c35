"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { signIn, signInRefusal } from "@/lib/auth/auth";
import { credentialsSchema } from "@/lib/auth/authenticate";
import { landingPath } from "@/lib/auth/landing";
import { validationFailed, type ActionState } from "@/lib/auth/action-state.shared";

export async function logIn(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = credentialsSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return validationFailed(parsed.error);
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) return signInRefusal(error);
    throw error;
  }
  redirect(await landingPath(parsed.data.email, formData.get("callbackUrl")));
}
