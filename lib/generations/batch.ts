import "server-only";
import { db, type Executor } from "@/db/client";
import { isDomainError, type DomainError } from "@/lib/errors";
import { retriedWhileRaced } from "@/lib/ledger/retry";
import { ChunkContext } from "./chunk-context";
import {
  failGeneration,
  startInChunk,
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

function apply(tx: Executor, event: GenerationEvent, context: ChunkContext): Promise<GenerationResult> {
  switch (event.type) {
    case "start":
      return startInChunk(tx, event.generation, context);
    case "succeed":
      return succeedGeneration(event.id, event.outputUrl, tx, undefined, context);
    case "fail":
      return failGeneration(event.id, { errorCode: event.errorCode, message: event.message }, tx, context);
  }
}

/**
 * One event as its single call would run it: the same domain function, fed by the chunk's context. A
 * refusal becomes the event's outcome; it came before the event wrote anything, or else it fails the
 * whole chunk, since without a savepoint nothing could undo that half of the event.
 */
async function outcomeOf(tx: Executor, event: GenerationEvent, context: ChunkContext): Promise<EventOutcome> {
  context.beginEvent();
  try {
    return await apply(tx, event, context);
  } catch (error) {
    if (isDomainError(error) && !context.eventWrote) return error;
    throw error;
  }
}

function applyChunk(items: BatchItem[], executor: Executor): Promise<Applied[]> {
  const events = items.filter((item): item is GenerationEvent => !isDomainError(item));
  const generationIds = [...new Set(events.map((event) => (event.type === "start" ? event.generation.id : event.id)))];
  const startingCustomerIds = [
    ...new Set(events.flatMap((event) => (event.type === "start" ? [event.generation.customerId] : []))),
  ];
  return retriedWhileRaced(
    () =>
      executor.transaction(async (tx) => {
        const context = await ChunkContext.load(tx, { generationIds, startingCustomerIds });
        const applied: Applied[] = [];
        for (const item of items) {
          applied.push({ item, outcome: isDomainError(item) ? item : await outcomeOf(tx, item, context) });
        }
        return applied;
      }),
    attemptsPerChunk,
  );
}

/**
 * Applies a host's generation events in order, each with the idempotency and the result of its single
 * call; an item already refused by validation keeps its refusal and the others still run. Events run in
 * chunks of one transaction each, which locks and reads up front what its events need (see ChunkContext),
 * so that an event costs only its own writes, and commits once. Every event's exactly-once guarantee is
 * the one its single call has: the same unique keys, row locks and balance guard.
 */
export async function applyGenerationEvents(items: BatchItem[], executor: Executor = db): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (let first = 0; first < items.length; first += chunkSize) {
    applied.push(...(await applyChunk(items.slice(first, first + chunkSize), executor)));
  }
  return applied;
}
