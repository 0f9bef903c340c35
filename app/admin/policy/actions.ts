"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { simulatePolicy } from "@/lib/policy/simulate";
import { simulationDays } from "@/lib/policy/simulation.shared";
import { savePolicy } from "@/lib/policy/versions";
import { policySettingsSchema } from "@/lib/policy/settings-form.shared";
import { requestFactsRebuild } from "@/lib/refunds/rebuild-facts";
import { authorizedAction, authorizedQuery } from "@/lib/auth/guards";
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

const days = z.coerce.number<string>().pipe(
  z.union(
    simulationDays.map((value) => z.literal(value)),
    "Choose 30 or 90 days.",
  ),
);

/** Replays the past requests on the draft in the form; nothing is saved. */
export const simulatePolicyAction = authorizedQuery(
  adminRoles,
  z.intersection(policySettingsSchema, z.object({ simulationDays: days })),
  async ({ simulationDays, ...draft }) => {
    const simulation = await simulatePolicy(draft, { days: simulationDays });
    if (simulation.withoutFacts > 0) await requestFactsRebuild();
    return simulation;
  },
);
