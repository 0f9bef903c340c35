"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adjustCredits } from "@/lib/admin/credit-adjustment";
import { maxAdjustment, maxReasonLength } from "@/lib/admin/customer-limits.shared";
import { changeStanding } from "@/lib/admin/customer-suspension";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { credits } from "@/lib/format/credits.shared";
import { requiredText } from "@/lib/forms/required-text.shared";

const customerId = z
  .string("That is not a customer.")
  .min(1, "That is not a customer.")
  .max(128, "That is not a customer.");

const reason = requiredText("Give a reason.", { max: maxReasonLength, what: "the reason" });

const standingSchema = z.object({
  customerId,
  standing: z.enum(["suspended", "reinstated"], "Choose suspend or reinstate."),
  reason,
});

export const changeStandingAction = authorizedAction(adminRoles, standingSchema, async (input, user) => {
  await changeStanding(user, input.customerId, input.standing, input.reason);
  revalidatePath(`/admin/customers/${input.customerId}`);
  return input.standing === "suspended"
    ? "Suspended: their refund requests will be refused."
    : "Reinstated: they can request refunds again.";
});

const adjustmentSchema = z.object({
  customerId,
  direction: z.enum(["in", "out"], "Choose add or remove."),
  amount: z.coerce
    .number("Enter a whole number of credits.")
    .int("Enter a whole number of credits.")
    .min(1, "Adjust by at least 1 credit.")
    .max(maxAdjustment, `Adjust by at most ${maxAdjustment.toLocaleString("en")} credits at a time.`),
  reason,
  key: z.uuid("Reload the page and try again."),
});

export const adjustCreditsAction = authorizedAction(adminRoles, adjustmentSchema, async (input, user) => {
  const { balance } = await adjustCredits(user, input);
  revalidatePath(`/admin/customers/${input.customerId}`);
  const verb = input.direction === "in" ? "Added" : "Removed";
  return `${verb} ${credits(input.amount)}: ${credits(balance.available)} available now.`;
});
