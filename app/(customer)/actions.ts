"use server";

import { z } from "zod";
import { refundReasonValues } from "@/db/enums";
import { authorizedAction } from "@/lib/auth/guards";
import { customerRoles } from "@/lib/auth/roles.shared";
import { createDemoGeneration } from "@/lib/generations/demo";
import { maxDetailsLength } from "@/lib/refunds/reasons.shared";
import { reportBadResult } from "@/lib/refunds/own-report";

const newGenerationSchema = z.object({
  featureKey: z.string("Choose a feature.").min(1, "Choose a feature.").max(64),
  sampleId: z.string("Choose a sample image.").min(1, "Choose a sample image.").max(64),
});

export const createGenerationAction = authorizedAction(
  customerRoles,
  newGenerationSchema,
  async (input, user) => {
    await createDemoGeneration(user, input);
    return "Started. Your result will appear below in a moment.";
  },
  { limit: "generation.start" },
);

const badResultSchema = z.object({
  generationId: z.string().min(1, "Choose a result to report.").max(128),
  reason: z.enum(refundReasonValues, "Choose what is wrong with the result."),
  details: z
    .string("Describe what is wrong with the result.")
    .trim()
    .min(1, "Describe what is wrong with the result.")
    .max(maxDetailsLength, `Please keep it under ${maxDetailsLength} characters.`),
});

export const reportBadResultAction = authorizedAction(
  customerRoles,
  badResultSchema,
  (input, user) => reportBadResult(user, input),
  { limit: "refund.report" },
);
