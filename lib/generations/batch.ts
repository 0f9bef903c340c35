import "server-only";
import { db, type Executor } from "@/db/client";
import { isDomainError, type DomainError } from "@/lib/errors";
import { retriedWhileRaced } from "@/lib/ledger/retry";
import { ChunkBalances } from "./chunk-balances";
import {
  resolutionResult,
  startResult,
  type BalanceNow,
  type GenerationResult,
  type Resolution,
  type StartGeneration,
} from "./lifecycle";
import { resolveAlone } from "./resolve-alone";
import { startAlone } from "./start-alone";

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

type Resolving = Extract<GenerationEvent, { type: "succeed" | "fail" }>;

function resolutionOf(event: Resolving): Resolution {
  return event.type === "succeed"
    ? { outcome: "succeeded", outputUrl: event.outputUrl }
    : { outcome: "failed", errorCode: event.errorCode, message: event.message };
}

/** An event's result, once its statement has answered, with replays reading the balance from `balanceNow`. */
type Answer = (balanceNow: BalanceNow) => Promise<GenerationResult>;

/**
 * Sends an event's statement at once: the one its single call runs, on the chunk's transaction. Once a
 * statement fails, the ones behind it fail too in the aborted transaction; each failure counts as
 * handled here, and the first one is thrown when its answer is read.
 */
function sent(tx: Executor, event: GenerationEvent): Answer {
  if (event.type === "start") {
    const statement = startAlone(tx, event.generation);
    statement.catch(() => {});
    return async (balanceNow) => startResult(await statement, event.generation, balanceNow);
  }
  const resolution = resolutionOf(event);
  const statement = resolveAlone(tx, event.id, resolution);
  statement.catch(() => {});
  return async (balanceNow) => resolutionResult(await statement, resolution, balanceNow);
}

/**
 * What an event came to, read in the batch's order. A refusal is the event's outcome: each comes from a
 * statement that wrote nothing, or from the answer to a retry. Any other error fails the chunk.
 */
async function outcomeOf(answer: Answer, balances: ChunkBalances): Promise<EventOutcome> {
  try {
    const result = await answer((customerId) => balances.now(customerId));
    if (!result.replayed) balances.moved(result.generation.customerId, result.balance);
    return result;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

/**
 * One transaction: the locks first, then every event's statement at once, which the connection runs
 * one after the other in the batch's order, each seeing what the ones before it wrote; the chunk costs
 * a few round trips instead of one per event.
 */
function applyChunk(items: BatchItem[], executor: Executor): Promise<Applied[]> {
  const events = items.filter((item): item is GenerationEvent => !isDomainError(item));
  const generationIds = [...new Set(events.map((event) => (event.type === "start" ? event.generation.id : event.id)))];
  const startingCustomerIds = [
    ...new Set(events.flatMap((event) => (event.type === "start" ? [event.generation.customerId] : []))),
  ];
  return retriedWhileRaced(
    () =>
      executor.transaction(async (tx) => {
        const balances = await ChunkBalances.lock(tx, { generationIds, startingCustomerIds });
        const answers = items.map((item) => (isDomainError(item) ? item : sent(tx, item)));
        const applied: Applied[] = [];
        for (const [index, item] of items.entries()) {
          const answer = answers[index]!;
          applied.push({ item, outcome: isDomainError(answer) ? answer : await outcomeOf(answer, balances) });
        }
        return applied;
      }),
    attemptsPerChunk,
  );
}

/**
 * Applies a host's generation events in order, each with the idempotency and the result of its single
 * call; an item already refused by validation keeps its refusal and the others still run. Events run in
 * chunks of one transaction each, which locks up front the rows its events will change (see ChunkBalances),
 * sends every event's statement at once and commits once. Every event's exactly-once guarantee is
 * the one its single call has: the same unique keys, row locks and balance guard.
 */
export async function applyGenerationEvents(items: BatchItem[], executor: Executor = db): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (let first = 0; first < items.length; first += chunkSize) {
    applied.push(...(await applyChunk(items.slice(first, first + chunkSize), executor)));
  }
  return applied;
}
