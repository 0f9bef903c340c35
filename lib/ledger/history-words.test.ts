import { describe, expect, it } from "vitest";
import { describeTransfer, type HistoryFacts } from "./history-words";

const base: HistoryFacts = {
  kind: "grant",
  amount: 4,
  memo: null,
  towardsCustomer: true,
  featureName: null,
  generationStatus: null,
};

describe("describeTransfer", () => {
  it.each<[string, Partial<HistoryFacts>, string, number]>([
    ["a grant by its reason", { memo: "Monthly allowance", amount: 200 }, "Monthly allowance", 200],
    ["a grant without a reason", { amount: 1 }, "Granted 1 credit", 1],
    ["a purchase", { kind: "purchase", amount: 50 }, "Bought 50 credits", 50],
    [
      "a hold",
      { kind: "hold", towardsCustomer: false, featureName: "Recolor", generationStatus: "running" },
      "Held 4 credits for Recolor",
      -4,
    ],
    [
      "a capture, which spends held credits",
      { kind: "capture", towardsCustomer: false, featureName: "Recolor", generationStatus: "succeeded" },
      "Spent 4 credits on Recolor",
      0,
    ],
    [
      "the release of a failed generation",
      { kind: "release", memo: "demo.gpu_timeout", featureName: "Recolor", generationStatus: "failed" },
      "Refunded automatically: generation failed",
      4,
    ],
    [
      "a dispute's hold, which has no generation",
      { kind: "hold", towardsCustomer: false, amount: 100 },
      "Held 100 credits: a payment is disputed",
      -100,
    ],
    ["a dispute's release", { kind: "release", amount: 100 }, "Released: the payment dispute ended", 100],
    [
      "the release of an expired hold",
      { kind: "release", featureName: "Recolor", generationStatus: "expired" },
      "Released: generation timed out",
      4,
    ],
    ["a refund", { kind: "refund", featureName: "Recolor", generationStatus: "succeeded" }, "Refunded: bad result", 4],
    ["an adjustment in", { kind: "adjustment", memo: "goodwill" }, "Adjusted by an admin: goodwill", 4],
    [
      "an adjustment out",
      { kind: "adjustment", memo: "duplicate grant", towardsCustomer: false },
      "Adjusted by an admin: duplicate grant",
      -4,
    ],
    [
      "a forfeit",
      { kind: "forfeit", memo: "fraudulent dispute", towardsCustomer: false },
      "Forfeited: fraudulent dispute",
      -4,
    ],
    [
      "a purchase reversal",
      { kind: "purchase_reversal", towardsCustomer: false },
      "Purchase refunded: 4 credits removed",
      -4,
    ],
  ])("words %s", (_name, facts, text, change) => {
    expect(describeTransfer({ ...base, ...facts })).toEqual({ text, change });
  });

  it("names no feature it does not know", () => {
    expect(describeTransfer({ ...base, kind: "hold", towardsCustomer: false, generationStatus: "running" }).text).toBe(
      "Held 4 credits for a generation",
    );
  });
});
