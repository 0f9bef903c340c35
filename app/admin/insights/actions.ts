"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { insightActionKinds } from "@/db/enums";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";
import { recordInsightAction } from "@/lib/insights/actions";
import { parseDay } from "@/lib/insights/periods";

/** An empty box arrives as "", which means "not given". */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Please keep ${what} under ${max} characters.`)
    .transform((value) => value || undefined)
    .optional();

const newAction = z.object({
  kind: z.enum(insightActionKinds, "Choose what was done."),
  featureKey: requiredText("Choose the feature the action was for.", { max: 64, what: "the feature" }),
  theme: optionalText(200, "the theme"),
  title: requiredText("Give the action a title.", { max: 200, what: "the title" }),
  link: z
    .union([
      z.literal(""),
      z.url({ protocol: /^https?$/, error: "Enter a link that starts with http:// or https://." }),
    ])
    .transform((value) => value || undefined)
    .optional(),
  takenOn: z.string("Pick the date.").refine((text) => parseDay(text) !== null, "Pick the date."),
});

/** Admins only: agents read insights but record nothing. */
export const recordInsightActionAction = authorizedAction(adminRoles, newAction, async (input, user) => {
  await recordInsightAction(user, input);
  revalidatePath("/admin/insights");
  return `Recorded "${input.title}". Its before and after show below.`;
});
