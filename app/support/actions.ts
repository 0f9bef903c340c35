"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles";
import { setAvailability } from "@/lib/support/availability";
import { availabilities, availabilityLabels } from "@/lib/support/availability-labels";

const availabilitySchema = z.object({
  availability: z.enum(availabilities, "Choose on duty or away."),
});

export const setAvailabilityAction = authorizedAction(staffRoles, availabilitySchema, async (input, user) => {
  await setAvailability(user, input.availability);
  revalidatePath("/support");
  return `You are now ${availabilityLabels[input.availability].toLowerCase()}.`;
});
