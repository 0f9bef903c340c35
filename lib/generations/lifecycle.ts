import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import { db, type Database, type Executor } from "@/db/client";
import type { Context, Platform } from "@/db/enums";
import { generations, type Generation } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { customerBalance, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import type { QualitySignals } from "@/lib/quality/inspect";
import { resolveAlone, type ResolveOutcome } from "./resolve-alone";
import { startAlone, type StartOutcome } from "./start-alone";

export type StartGeneration = {
  id: string;
  customerId: string;
  feature: string;
  platform: Platform;
  context: Context;
  cost: number;
  createdAt?: Date;
  inputUrl?: string;
  prompt?: string;
  modelVersion?: string;
  expectedWidth?: number;
  expectedHeight?: number;
};

export type GenerationResult = { generation: Generation; balance: Balance; replayed: boolean };

function mismatch(id: string): DomainError {
  return new DomainError(
    "idempotency.mismatch",
    `Generation ${id} was already recorded with different details; use a new id for a new generation.`,
  );
}

function sameStart(existing: Generation, input: StartGeneration): boolean {
  return (
    existing.customerId === input.customerId &&
    existing.featureKey === input.feature &&
    existing.platform === input.platform &&
    existing.context === input.context &&
    existing.cost === input.cost &&
    (input.createdAt === undefined || existing.createdAt.getTime() === input.createdAt.getTime()) &&
    existing.inputUrl === (input.inputUrl ?? null) &&
    existing.prompt === (input.prompt ?? null) &&
    existing.modelVersion === (input.modelVersion ?? null) &&
    existing.expectedWidth === (input.expectedWidth ?? null) &&
    existing.expectedHeight === (input.expectedHeight ?? null)
  );
}

/** Where a replay's answer reads the customer's balance: the account now, or a batch's chunk as it stands. */
export type BalanceNow = (customerId: string) => Promise<Balance>;

const balanceIn =
  (executor: Executor): BalanceNow =>
  (customerId) =>
    customerBalance(executor, customerId);

/**
 * What a start comes to: the generation it started, or the one it found under that id, which must be
 * the same start sent again (then answered as a replay) and is otherwise refused.
 */
export async function startResult(
  outcome: StartOutcome,
  input: StartGeneration,
  balanceNow: BalanceNow,
): Promise<GenerationResult> {
  if ("generation" in outcome) return { ...outcome, replayed: false };
  const existing = outcome.replayOf;
  if (!sameStart(existing, input)) throw mismatch(input.id);
  return { generation: existing, balance: await balanceNow(existing.customerId), replayed: true };
}

/**
 * Records a generation and holds its cost. A hold that would overdraw the customer is refused, and so
 * is any start while the customer is frozen by a dispute.
 */
export async function startGeneration(input: StartGeneration, database: Database = db): Promise<GenerationResult> {
  const outcome = await onceMoreIfRaced(() => startAlone(database, input));
  return startResult(outcome, input, balanceIn(database));
}

export type Resolution =
  | { outcome: "succeeded"; outputUrl: string; signals?: QualitySignals }
  | { outcome: "failed"; errorCode: string; message?: string }
  | { outcome: "expired" };

function sameResolution(generation: Generation, resolution: Resolution): boolean {
  if (generation.status !== resolution.outcome) return false;
  if (resolution.outcome === "succeeded") return generation.outputUrl === resolution.outputUrl;
  if (resolution.outcome === "failed") {
    return generation.errorCode === resolution.errorCode && generation.errorMessage === (resolution.message ?? null);
  }
  return true;
}

/**
 * What a resolution comes to: the generation it resolved, or one resolved before, for which the same
 * resolution again is a retry and any other one a refusal. The balance of a retry is read after the
 * lock, so that a retry that waited on its twin answers with the balance the twin left.
 */
export async function resolutionResult(
  outcome: ResolveOutcome,
  resolution: Resolution,
  balanceNow: BalanceNow,
): Promise<GenerationResult> {
  if ("resolved" in outcome) return { generation: outcome.resolved, balance: outcome.balance, replayed: false };
  const generation = outcome.settled;
  if (!sameResolution(generation, resolution)) {
    if (generation.status === resolution.outcome) throw mismatch(generation.id);
    throw new DomainError(
      "generation.already_resolved",
      `Generation ${generation.id} has already ${generation.status}.`,
    );
  }
  return { generation, balance: await balanceNow(generation.customerId), replayed: true };
}

async function resolved(executor: Executor, id: string, resolution: Resolution): Promise<GenerationResult> {
  return resolutionResult(await resolveAlone(executor, id, resolution), resolution, balanceIn(executor));
}

/**
 * Success captures the hold: the credits are spent. The output's quality check is recorded with it, in
 * the same statement, from `signals` when the caller measured the file itself, or else left for the
 * quality worker.
 */
export function succeedGeneration(
  id: string,
  outputUrl: string,
  executor: Executor = db,
  signals?: QualitySignals,
): Promise<GenerationResult> {
  return resolved(executor, id, { outcome: "succeeded", outputUrl, signals });
}

/**
 * A technical failure releases the hold: the automatic refund, with nothing for the customer to do. Its
 * webhook event is written in the same statement.
 */
export function failGeneration(
  id: string,
  failure: { errorCode: string; message?: string },
  executor: Executor = db,
): Promise<GenerationResult> {
  return resolved(executor, id, { outcome: "failed", ...failure });
}

/**
 * Releases holds whose generation never reported back (a crashed worker). Each app instance may run
 * this at once: SKIP LOCKED hands every overdue generation to exactly one of them. One generation per
 * transaction, so that no transaction locks two customers' accounts, in whatever order, at once.
 */
export async function expireOverdueHolds(now = new Date(), batch = 100, executor: Executor = db): Promise<number> {
  let expired = 0;
  while (expired < batch) {
    const claimed = await executor.transaction(async (tx) => {
      const [overdue] = await tx
        .select({ id: generations.id })
        .from(generations)
        .where(and(eq(generations.status, "running"), lt(generations.holdExpiresAt, now)))
        .orderBy(asc(generations.holdExpiresAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (overdue) await resolved(tx, overdue.id, { outcome: "expired" });
      return overdue !== undefined;
    });
    if (!claimed) break;
    expired += 1;
  }
  return expired;
}
