import { db, type Database } from "@/db/client";
import type { Context, Platform, RefundReason } from "@/db/enums";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import type { QualitySignals } from "@/lib/quality/inspect";
import { submitRefundRequest, type RefundReport } from "@/lib/refunds/service";

/** Old enough that the account-age rule does not send every report to review. */
export async function establishedCustomer(id: string, credits = 100) {
  await registerCustomer(id, { email: `${id}@example.com`, createdAt: new Date(Date.now() - 90 * 24 * 3_600_000) });
  await grantCredits(id, { key: "opening", amount: credits, reason: "Opening balance" });
}

export type Made = {
  feature?: string;
  platform?: Platform;
  context?: Context;
  cost?: number;
  hoursAgo?: number;
};

/** Starts a generation through the lifecycle; `done` decides how it ends. */
export async function madeGeneration(
  customerId: string,
  id: string,
  made: Made = {},
  done: { succeed?: QualitySignals | true; fail?: true } = { succeed: true },
) {
  await startGeneration({
    id,
    customerId,
    feature: made.feature ?? "virtual_model",
    platform: made.platform ?? "web",
    context: made.context ?? "editor",
    cost: made.cost ?? 4,
    createdAt: made.hoursAgo === undefined ? undefined : new Date(Date.now() - made.hoursAgo * 3_600_000),
    expectedWidth: 512,
    expectedHeight: 512,
  });
  if (done.fail) await failGeneration(id, { errorCode: "gpu_out_of_memory" });
  else if (done.succeed) await succeedGeneration(id, outputUrlFor(id), db, done.succeed === true ? fine : done.succeed);
}

export const outputUrlFor = (id: string) => `https://cdn.example/${id}.png`;

export const fine: QualitySignals = {
  decodes: true,
  format: "png",
  width: 512,
  height: 512,
  uniform: false,
  spread: 41.5,
  problem: null,
};
export const blank: QualitySignals = {
  ...fine,
  uniform: true,
  spread: 0,
  problem: "The image is blank: a single colour.",
};

export function report(
  customerId: string,
  generationId: string,
  overrides: Partial<RefundReport> = {},
  executor: Database = db,
) {
  return submitRefundRequest(
    {
      customerId,
      generationId,
      reason: "distorted" satisfies RefundReason,
      details: "The sofa legs are distorted and don't match the original",
      source: "web",
      actorId: null,
      ...overrides,
    },
    executor,
  );
}
