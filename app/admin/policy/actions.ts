"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { savePolicy } from "@/lib/policy/versions";
import { policySettingsSchema } from "@/lib/policy/settings-form.shared";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

const note = requiredText("Write a note saying why.", { max: 1000, what: "the note" });

export const savePolicyAction = authorizedAction(
  adminRoles,
  z.intersection(policySettingsSchema, z.object({ note })),
  async ({ note, ...settings }, user) => {
    const version = await savePolicy(user, settings, note);
    revalidatePath("/admin/policy");
    return { message: `Saved as version ${version}. The next refund request uses it.`, outcome: String(version) };
  },
);
