import "server-only";
import { asc, inArray, or } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { generations, ledgerAccounts } from "@/db/schema";
import { isDomainError, type DomainError } from "@/lib/errors";
import { retriedWhileRaced } from "@/lib/ledger/retry";
import {
  failGeneration,
  startGeneration,
  succeedGeneration,
  type GenerationResult,
  type StartGeneration,
} from "./lifecycle";

export type GenerationEvent =
  | { type: "start"; generation: StartGeneration }
  | { type: "succeed"; id: string; outputUrl: string }
  | { type: "fail"; id: string; errorCode: string; message?: string };

/** An event as the host sent it, or the refusal its single call would have given that input. */
export type BatchItem = GenerationEvent | DomainError;

/** What each item came to: the result of its single call, or that call's refusal. */
export type EventOutcome = GenerationResult | DomainError;

export type Applied = { item: BatchItem; outcome: EventOutcome };

/**
 * Events per transaction: one commit for many events, while a chunk stays short enough that the
 * customers it locks are not kept waiting long, and a lost race costs little to run again.
 */
const chunkSize = 100;
/** Locking in one order makes deadlocks rare, not impossible (a generation started meanwhile elsewhere). */
const attemptsPerChunk = 10;

function apply(tx: Executor, event: GenerationEvent): Promise<GenerationResult> {
  switch (event.type) {
    case "start":
      return startGeneration(event.generation, tx);
    case "succeed":
      return succeedGeneration(event.id, event.outputUrl, tx);
    case "fail":
      return failGeneration(event.id, { errorCode: event.errorCode, message: event.message }, tx);
  }
}

/**
 * Locks, before any event runs, the rows the chunk will change: the generations it resolves, then the
 * accounts of every customer it touches, each in id order, the order single calls take them in too
 * (a generation before its customer's account). Overlapping batches then wait for each other instead
 * of each holding what the other needs.
 */
async function lockInOrder(tx: Executor, events: GenerationEvent[]): Promise<void> {
  const resolved = events.flatMap((event) => (event.type === "start" ? [] : [event.id]));
  const started = events.flatMap((event) => (event.type === "start" ? [event.generation.customerId] : []));
  if (events.length === 0) return;
  if (resolved.length > 0) {
    await tx
      .select({ id: generations.id })
      .from(generations)
      .where(inArray(generations.id, resolved))
      .orderBy(asc(generations.id))
      .for("update");
  }
  const owners = tx
    .select({ customerId: generations.customerId })
    .from(generations)
    .where(inArray(generations.id, resolved));
  await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(or(inArray(ledgerAccounts.customerId, started), inArray(ledgerAccounts.customerId, owners)))
    .orderBy(asc(ledgerAccounts.id))
    .for("update");
}

/**
 * One event exactly as its single call would run: the same domain function, on the chunk's
 * transaction, where it opens a savepoint of its own. A refusal rolls back that savepoint only and
 * becomes the event's outcome; anything else fails the whole chunk.
 */
async function outcomeOf(tx: Executor, event: GenerationEvent): Promise<EventOutcome> {
  try {
    return await apply(tx, event);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

function applyChunk(items: BatchItem[], executor: Executor): Promise<Applied[]> {
  const events = items.filter((item): item is GenerationEvent => !isDomainError(item));
  return retriedWhileRaced(
    () =>
      executor.transaction(async (tx) => {
        await lockInOrder(tx, events);
        const applied: Applied[] = [];
        for (const item of items) {
          applied.push({ item, outcome: isDomainError(item) ? item : await outcomeOf(tx, item) });
        }
        return applied;
      }),
    attemptsPerChunk,
  );
}

/**
 * Applies a host's generation events in order, each with the idempotency and the result of its single
 * call; an item already refused by validation keeps its refusal and the others still run. Events run in
 * chunks of one transaction each, so a chunk commits once, and every event's exactly-once guarantee is
 * the one its single call has: the same unique keys and row locks, inside its own savepoint.
 */
export async function applyGenerationEvents(items: BatchItem[], executor: Executor = db): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (let first = 0; first < items.length; first += chunkSize) {
    applied.push(...(await applyChunk(items.slice(first, first + chunkSize), executor)));
  }
  return applied;
}
