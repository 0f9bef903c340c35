"use server";

import { z } from "zod";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles";
import { createDemoGeneration } from "@/lib/generations/demo";

const newGenerationSchema = z.object({
  featureKey: z.string("Choose a feature.").min(1, "Choose a feature.").max(64),
  sampleId: z.string("Choose a sample image.").min(1, "Choose a sample image.").max(64),
});

export const createGenerationAction = authorizedAction(customerRoles, newGenerationSchema, async (input, user) => {
  await createDemoGeneration(user, input);
  return "Started. Your result will appear below in a moment.";
});
