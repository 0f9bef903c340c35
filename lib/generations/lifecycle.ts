import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import { db, type Database, type Executor } from "@/db/client";
import type { Context, Platform } from "@/db/enums";
import { generations, type Generation } from "@/db/schema";
import { serializeGenerationResult } from "@/lib/api/serializers";
import { accountFrozen, DomainError, notFound, unknownFeature } from "@/lib/errors";
import { customerBalance, type Balance } from "@/lib/ledger/accounts";
import { onceMoreIfRaced } from "@/lib/ledger/retry";
import { insufficientCredits, recordTransfer } from "@/lib/ledger/transfers";
import { recordQualityCheck } from "@/lib/quality/checks";
import type { QualitySignals } from "@/lib/quality/inspect";
import { oneRow } from "@/lib/sql/one-row";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import type { ChunkContext } from "./chunk-context";
import { changesOf, holdResolutionOf, resolveAlone, type ResolveOutcome } from "./resolve-alone";
import { holdKeyOf, startAlone } from "./start-alone";

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

function lockedInChunk(id: string, context: ChunkContext): Generation {
  const generation = context.generation(id);
  if (!generation) throw notFound("generation", id);
  return generation;
}

function holdInChunk(generationId: string, context: ChunkContext) {
  const hold = context.hold(generationId);
  if (!hold) throw new Error(`generation ${generationId} has no hold`);
  return hold;
}

function balanceNow(tx: Executor, customerId: string, context?: ChunkContext): Promise<Balance> {
  return context ? Promise.resolve(context.balance(customerId)) : customerBalance(tx, customerId);
}

/**
 * Records a generation and holds its cost. A hold that would overdraw the customer is refused, and so
 * is any start while the customer is frozen by a dispute.
 */
export async function startGeneration(input: StartGeneration, database: Database = db): Promise<GenerationResult> {
  const outcome = await onceMoreIfRaced(() => startAlone(database, input));
  if ("generation" in outcome) return { ...outcome, replayed: false };
  return replayOf(database, outcome.replayOf, input);
}

async function replayOf(
  executor: Executor,
  existing: Generation,
  input: StartGeneration,
  context?: ChunkContext,
): Promise<GenerationResult> {
  if (!sameStart(existing, input)) throw mismatch(input.id);
  return { generation: existing, balance: await balanceNow(executor, existing.customerId, context), replayed: true };
}

/** A batch event's checks, on what its chunk read already with the chunk's locks. */
function checkedInChunk(input: StartGeneration, context: ChunkContext) {
  if (!context.featureKind(input.feature)) throw unknownFeature(input.feature, "feature");
  if (context.frozenCustomer(input.customerId)) throw accountFrozen();
  const account = context.account(input.customerId);
  // The chunk's locked balance is exact, so the refusal comes before any write, which nothing would undo.
  if (account.posted - account.held < input.cost) throw insufficientCredits(input.cost, account.posted - account.held);
  return { account, holdExpiryMinutes: context.holdExpiryMinutes };
}

/** A batch event's start, on its chunk's transaction, which runs again as a whole when it loses a race. */
export async function startInChunk(
  tx: Executor,
  input: StartGeneration,
  context: ChunkContext,
): Promise<GenerationResult> {
  const existing = context.generation(input.id);
  if (existing) return replayOf(tx, existing, input, context);
  const { account, holdExpiryMinutes } = checkedInChunk(input, context);
  const now = new Date();
  const inserted = await tx
    .insert(generations)
    .values({
      id: input.id,
      customerId: input.customerId,
      featureKey: input.feature,
      platform: input.platform,
      context: input.context,
      cost: input.cost,
      createdAt: input.createdAt ?? now,
      holdExpiresAt: new Date(now.getTime() + holdExpiryMinutes * 60_000),
      inputUrl: input.inputUrl ?? null,
      prompt: input.prompt ?? null,
      modelVersion: input.modelVersion ?? null,
      expectedWidth: input.expectedWidth ?? null,
      expectedHeight: input.expectedHeight ?? null,
    })
    .returning();
  const generation = oneRow(inserted, "started generation");
  context.wroteGeneration(generation);
  const { transfer, balance } = await recordTransfer(
    tx,
    {
      kind: "hold",
      idempotencyKey: holdKeyOf(input.id),
      customerId: input.customerId,
      amount: input.cost,
      generationId: input.id,
    },
    account,
  );
  context.wroteHold(input.id, { id: transfer.id, amount: transfer.amount });
  context.wroteBalance(input.customerId, balance);
  return { generation, balance, replayed: false };
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

/** A generation resolved before: the same resolution again is a retry, any other one a refusal. */
function settled(generation: Generation, resolution: Resolution, balance: Balance): GenerationResult {
  if (sameResolution(generation, resolution)) return { generation, balance, replayed: true };
  if (generation.status === resolution.outcome) throw mismatch(generation.id);
  throw new DomainError("generation.already_resolved", `Generation ${generation.id} has already ${generation.status}.`);
}

/** A batch event's resolution, on what its chunk read already with the chunk's locks. */
async function resolveInChunk(
  tx: Executor,
  id: string,
  resolution: Resolution,
  context: ChunkContext,
): Promise<ResolveOutcome> {
  const generation = lockedInChunk(id, context);
  if (generation.status !== "running") return { settled: generation };
  const hold = holdInChunk(id, context);
  const { balance } = await recordTransfer(
    tx,
    {
      ...holdResolutionOf(id, resolution),
      customerId: generation.customerId,
      amount: hold.amount,
      generationId: id,
      pendingId: hold.id,
    },
    context.account(generation.customerId),
  );
  context.wroteBalance(generation.customerId, balance);
  const updated = await tx
    .update(generations)
    .set(changesOf(resolution, new Date()))
    .where(eq(generations.id, id))
    .returning();
  const resolved = oneRow(updated, "resolved generation");
  context.wroteGeneration(resolved);
  // The chunk read every feature, and a generation's feature cannot go away (a foreign key).
  const featureKind = context.featureKind(generation.featureKey);
  if (!featureKind) throw new Error(`generation ${id} has a feature the chunk did not read`);
  if (resolution.outcome === "succeeded") {
    await recordQualityCheck(tx, { ...resolved, featureKind }, resolution.signals);
  } else {
    // A failed generation's credits came back on their own: the host hears of it like a refund.
    await emitWebhookEvent(
      tx,
      "generation.refunded",
      serializeGenerationResult({ generation: resolved, balance, replayed: false }),
    );
  }
  return { resolved, balance };
}

async function resolveInside(
  executor: Executor,
  id: string,
  resolution: Resolution,
  context?: ChunkContext,
): Promise<GenerationResult> {
  const outcome = context
    ? await resolveInChunk(executor, id, resolution, context)
    : await resolveAlone(executor, id, resolution);
  if ("settled" in outcome) {
    // Read after the lock, so that a retry that waited on its twin answers with the balance the twin left.
    return settled(outcome.settled, resolution, await balanceNow(executor, outcome.settled.customerId, context));
  }
  return { generation: outcome.resolved, balance: outcome.balance, replayed: false };
}

/**
 * Success captures the hold: the credits are spent. The output's quality check is recorded with it,
 * from `signals` when the caller measured the file itself, or else left for the quality worker.
 * Outside a batch it is one statement, its quality check included, so it needs no transaction.
 */
export function succeedGeneration(
  id: string,
  outputUrl: string,
  executor: Executor = db,
  signals?: QualitySignals,
  context?: ChunkContext,
): Promise<GenerationResult> {
  return resolveInside(executor, id, { outcome: "succeeded", outputUrl, signals }, context);
}

/**
 * A technical failure releases the hold: the automatic refund, with nothing for the customer to do.
 * Outside a batch it is one statement, its webhook event included, so it needs no transaction.
 */
export function failGeneration(
  id: string,
  failure: { errorCode: string; message?: string },
  executor: Executor = db,
  context?: ChunkContext,
): Promise<GenerationResult> {
  return resolveInside(executor, id, { outcome: "failed", ...failure }, context);
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
      if (overdue) await resolveInside(tx, overdue.id, { outcome: "expired" });
      return overdue !== undefined;
    });
    if (!claimed) break;
    expired += 1;
  }
  return expired;
}
