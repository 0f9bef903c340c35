"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { savePolicy } from "@/lib/admin/policy";
import { policySettingsSchema } from "@/lib/admin/policy-settings";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles";

const note = z
  .string("Write a note saying why.")
  .trim()
  .min(1, "Write a note saying why.")
  .max(1000, "Please keep the note under 1,000 characters.");

export const savePolicyAction = authorizedAction(
  adminRoles,
  z.intersection(policySettingsSchema, z.object({ note })),
  async ({ note, ...settings }, user) => {
    const version = await savePolicy(user, settings, note);
    revalidatePath("/admin/policy");
    return { message: `Saved as version ${version}. The next refund request uses it.`, outcome: String(version) };
  },
);
