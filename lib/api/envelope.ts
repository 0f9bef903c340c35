import "server-only";
import type { z } from "zod";
import { DomainError, isDomainError, type ErrorCode } from "@/lib/errors";
import { json, toResponse, type HostAnswer } from "@/lib/http/host-call";
import { isDatabaseUnavailable } from "@/lib/sql/error-codes";
import type { errorObjectSchema } from "./serializers";

/** The envelope's inner object: what a single call answers under `error`, and what a batch result carries. */
export function errorObject(error: DomainError): z.input<typeof errorObjectSchema> {
  return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...error.details };
}

/** A domain refusal in the error envelope, with its status, and when to try again if it says. */
function refusalAnswer(error: DomainError): HostAnswer {
  const headers = error.retryAfterSeconds === undefined ? undefined : { "Retry-After": `${error.retryAfterSeconds}` };
  return json({ error: errorObject(error) }, { status: error.status, headers });
}

export function refusalResponse(error: DomainError): Response {
  return toResponse(refusalAnswer(error));
}

/** A refusal in the error envelope, with the status its code always has. */
export function errorResponse(code: ErrorCode, message: string, field?: string): Response {
  return refusalResponse(new DomainError(code, message, field));
}

/** Seconds a caller should wait before trying again while the database is unreachable: a restart or failover takes a few. */
export const retryAfterSeconds = 2;

/**
 * Domain refusals keep their code and message. A database that went away is not the caller's fault
 * nor a bug: a 503 with Retry-After, since every call is idempotent and its retry is applied once.
 * Anything else is a bug, logged and answered with a 500 that names the request, so that an operator
 * can find the log line.
 */
export function failureAnswer(error: unknown, requestId: string): HostAnswer {
  if (isDomainError(error)) return refusalAnswer(error);
  if (isDatabaseUnavailable(error)) {
    console.warn(`Host API request ${requestId} lost the database:`, error instanceof Error ? error.message : error);
    return json(
      {
        error: {
          code: "service.unavailable",
          message: `The database could not be reached, so the call may not have been recorded. Try it again in ${retryAfterSeconds} seconds; a retried call is applied once.`,
          requestId,
        },
      },
      { status: 503, headers: { "retry-after": String(retryAfterSeconds) } },
    );
  }
  console.error(`Host API request ${requestId} failed unexpectedly:`, error);
  return json(
    {
      error: {
        code: "internal.error",
        message: `Something went wrong on our side. It has been logged under request id ${requestId}; retrying is safe.`,
        requestId,
      },
    },
    { status: 500 },
  );
}
