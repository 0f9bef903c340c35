"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { contexts, decisionModes, platforms } from "@/db/enums";
import { saveEligibility } from "@/lib/admin/eligibility";
import { maxCreditCost } from "@/lib/admin/eligibility-shape.shared";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

const eligible = z.boolean("A toggle is either on or off.");

const featureChange = z.object({
  creditCost: z.coerce
    .number("Enter the cost as a whole number.")
    .int("Enter the cost as a whole number.")
    .min(1, "The cost must be at least 1 credit.")
    .max(maxCreditCost, `The cost must be at most ${maxCreditCost.toLocaleString("en")} credits.`)
    .optional(),
  decisionMode: z.enum(decisionModes, "Choose instant or review.").optional(),
  ...Object.fromEntries(platforms.map((platform) => [platform, eligible.optional()])),
});

const changes = z.object({
  features: z.record(z.string(), featureChange.strict()),
  contexts: z.partialRecord(z.enum(contexts), eligible),
});

const note = requiredText("Write a note saying why.", { max: 1000, what: "the note" });

/** The draft travels as JSON, since the matrix has no natural flat form; field errors keep its paths. */
const draft = z.string("Make a change first.").transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "The changes could not be read; reload the page." });
    return z.NEVER;
  }
});

export const saveEligibilityAction = authorizedAction(
  adminRoles,
  z.object({ changes: draft.pipe(changes), note }),
  async ({ changes, note }, user) => {
    const count = await saveEligibility(user, changes, note);
    revalidatePath("/admin/eligibility");
    return `Saved ${count === 1 ? "1 change" : `${count} changes`}. The next refund request uses them.`;
  },
);
