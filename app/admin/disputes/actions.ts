"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { disputeFindings } from "@/db/enums";
import { maxReasonLength } from "@/lib/admin/customer-limits.shared";
import { authorizedAction } from "@/lib/auth/guards";
import { adminRoles } from "@/lib/auth/roles.shared";
import { credits } from "@/lib/format/credits.shared";
import { requiredText } from "@/lib/forms/required-text.shared";
import { markDisputeFraudulent, markDisputeLegitimate } from "@/lib/purchases/disputes";

const findingSchema = z.object({
  disputeId: z.string("That is not a dispute.").min(1, "That is not a dispute.").max(128, "That is not a dispute."),
  finding: z.enum(disputeFindings, "Choose fraudulent or legitimate."),
  note: requiredText("Write a note saying why.", { max: maxReasonLength, what: "the note" }),
});

export const recordFindingAction = authorizedAction(adminRoles, findingSchema, async (input, user) => {
  const message =
    input.finding === "fraudulent"
      ? await markDisputeFraudulent(input.disputeId, input.note, user).then(
          ({ forfeited }) => `Found fraudulent: the account is suspended and ${credits(forfeited)} forfeited.`,
        )
      : await markDisputeLegitimate(input.disputeId, input.note, user).then(({ customer }) =>
          customer.frozenAt
            ? "Found legitimate. Another open dispute keeps the account frozen."
            : "Found legitimate: the account is unfrozen.",
        );
  revalidatePath("/admin/disputes");
  revalidatePath(`/admin/disputes/${input.disputeId}`);
  return message;
});
