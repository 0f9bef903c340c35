"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { availabilities } from "@/db/enums";
import { authorizedAction } from "@/lib/auth/guards";
import { staffRoles } from "@/lib/auth/roles.shared";
import { credits } from "@/lib/format/credits.shared";
import { requiredText } from "@/lib/forms/required-text.shared";
import { setAvailability } from "@/lib/support/availability";
import { availabilityLabels } from "@/lib/support/availability-labels.shared";
import { bulkSummary } from "@/lib/support/bulk-summary";
import { claimNextRequest, skipRequest } from "@/lib/support/claims";
import { decideRequest, decideRequests } from "@/lib/support/decide";
import { denyReasonValues } from "@/lib/support/deny-reasons.shared";
import { maxDenyMessageLength, maxNoteLength } from "@/lib/support/limits.shared";
import { addNote } from "@/lib/support/notes";

const availabilitySchema = z.object({
  availability: z.enum(availabilities, "Choose on duty or away."),
});

export const setAvailabilityAction = authorizedAction(staffRoles, availabilitySchema, async (input, user) => {
  await setAvailability(user, input.availability);
  revalidatePath("/support");
  return `You are now ${availabilityLabels[input.availability].toLowerCase()}.`;
});

const requestId = z.uuid("That is not a refund request.");

/** The customer reads this message, so it has to say something. */
const decision = z.discriminatedUnion(
  "outcome",
  [
    z.object({ outcome: z.literal("approve") }),
    z.object({
      outcome: z.literal("deny"),
      reason: z.enum(denyReasonValues, "Choose why it is not refunded."),
      message: requiredText("Write a message to the customer.", { max: maxDenyMessageLength, what: "the message" }),
    }),
  ],
  "Choose approve or deny.",
);

/** Review mode's next request, taken for this agent; nothing left is an answer, not an error. */
export const reviewNextAction = authorizedAction(staffRoles, z.object({}), async (_input, user) => {
  const next = await claimNextRequest(user);
  if (!next) return { message: "Queue is empty: nothing is left for you to review.", outcome: "empty" };
  redirect(`/support/requests/${next}?review=1`);
});

export const decideAction = authorizedAction(
  staffRoles,
  z.intersection(z.object({ requestId }), decision),
  async ({ requestId, ...choice }, user) => {
    const request = await decideRequest(user, requestId, choice);
    return request.status === "approved"
      ? { message: `Approved: ${credits(request.creditsRefunded)} refunded.`, outcome: "approved" }
      : { message: "Denied: the customer has been told why.", outcome: "denied" };
  },
);

const maxBulk = 200;

export const decideManyAction = authorizedAction(
  staffRoles,
  z.intersection(
    z.object({
      requestIds: z
        .string("Select the requests to decide.")
        .transform((ids) => ids.split(",").filter(Boolean))
        .pipe(
          z
            .array(requestId)
            .min(1, "Select the requests to decide.")
            .max(maxBulk, `Decide at most ${maxBulk} requests at once.`),
        ),
    }),
    decision,
  ),
  async ({ requestIds, ...choice }, user) => bulkSummary(await decideRequests(user, requestIds, choice)),
);

export const skipAction = authorizedAction(
  staffRoles,
  z.object({
    requestId,
    reason: requiredText("Say why you skip it.", { max: 500, what: "the reason" }),
  }),
  async ({ requestId, reason }, user) => {
    await skipRequest(user, requestId, reason);
    return "Skipped: the request is back in the queue for the others.";
  },
);

export const addNoteAction = authorizedAction(
  staffRoles,
  z.object({
    requestId,
    body: requiredText("Write the note first.", { max: maxNoteLength, what: "notes" }),
  }),
  async ({ requestId, body }, user) => {
    await addNote(user, requestId, body);
    revalidatePath(`/support/requests/${requestId}`);
    return "Note added.";
  },
);
