import "server-only";
import type { z } from "zod";
import { isDomainError } from "@/lib/errors";
import type { Applied, BatchItem, GenerationEvent } from "@/lib/generations/batch";
import { errorObject } from "./envelope";
import { failBody, generationEventType, generationParams, startGenerationBody, succeedBody } from "./schemas";
import { type batchResultSchema, serializeGenerationResult } from "./serializers";
import { validated } from "./validated";

/**
 * A batch holds up to 1,000 events, which the single calls' 64 KiB cannot carry; 1 MiB fits a thousand
 * ordinary ones (about 1 KiB each, a prompt included). A larger burst is sent as more batches.
 */
export const maxBatchBodyBytes = 1024 * 1024;

/** Validated in the order of the single call: its path's id before its body. */
function eventOf(value: unknown): GenerationEvent {
  const { type } = validated(generationEventType, value);
  switch (type) {
    case "start":
      return { type, generation: validated(startGenerationBody, value) };
    case "succeed":
      return { type, ...validated(generationParams, value), ...validated(succeedBody, value) };
    case "fail":
      return { type, ...validated(generationParams, value), ...validated(failBody, value) };
  }
}

/** An event as its single call would read it, or the refusal that call would have given its input. */
export function parsedEvent(value: unknown): BatchItem {
  try {
    return eventOf(value);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

/** The status and the body that the event's single call would have answered. */
export function batchResult({ item, outcome }: Applied): z.input<typeof batchResultSchema> {
  if (isDomainError(outcome)) return { status: outcome.status, error: errorObject(outcome) };
  const created = !isDomainError(item) && item.type === "start" && !outcome.replayed;
  return { status: created ? 201 : 200, ...serializeGenerationResult(outcome) };
}
