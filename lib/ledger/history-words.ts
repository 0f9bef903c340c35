import "server-only";
import type { GenerationStatus } from "@/db/enums";
import type { Transfer } from "@/db/schema";
import { credits } from "@/lib/format/credits.shared";

/** How one journal entry reads in a customer's credit history. */

export type HistoryFacts = Pick<Transfer, "kind" | "amount" | "memo"> & {
  towardsCustomer: boolean;
  featureName: string | null;
  generationStatus: GenerationStatus | null;
};

/** change is what the entry did to the available balance: a capture spends credits that were already held. */
export type HistoryWords = { text: string; change: number };

function textOf(facts: HistoryFacts): string {
  const amount = credits(facts.amount);
  const feature = facts.featureName ?? "a generation";
  switch (facts.kind) {
    case "grant":
      return facts.memo ?? `Granted ${amount}`;
    case "purchase":
      return `Bought ${amount}`;
    case "hold":
      // Only a dispute holds credits without a generation.
      return facts.generationStatus === null
        ? `Held ${amount}: a payment is disputed`
        : `Held ${amount} for ${feature}`;
    case "capture":
      return `Spent ${amount} on ${feature}`;
    case "release":
      if (facts.generationStatus === null) return "Released: the payment dispute ended";
      return facts.generationStatus === "expired"
        ? "Released: generation timed out"
        : "Refunded automatically: generation failed";
    case "refund":
      return "Refunded: bad result";
    case "adjustment":
      return facts.memo ? `Adjusted by an admin: ${facts.memo}` : "Adjusted by an admin";
    case "forfeit":
      return facts.memo ? `Forfeited: ${facts.memo}` : `Forfeited ${amount}`;
    case "purchase_reversal":
      return `Purchase refunded: ${amount} removed`;
  }
}

function changeOf(facts: HistoryFacts): number {
  if (facts.kind === "capture") return 0;
  return facts.towardsCustomer ? facts.amount : -facts.amount;
}

export function describeTransfer(facts: HistoryFacts): HistoryWords {
  return { text: textOf(facts), change: changeOf(facts) };
}
