import "server-only";
import { errorStatus, isDomainError, type ErrorCode } from "@/lib/errors";

function envelope(status: number, code: string, message: string, field?: string): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

/** A refusal in the error envelope, with the status its code always has. */
export function errorResponse(code: ErrorCode, message: string, field?: string): Response {
  return envelope(errorStatus[code], code, message, field);
}

/** Domain refusals keep their code and message; anything else is a bug, logged and answered with a 500. */
export function failureResponse(error: unknown): Response {
  if (isDomainError(error)) return errorResponse(error.code, error.message, error.field);
  console.error("Host API request failed unexpectedly:", error);
  return envelope(500, "internal.error", "Something went wrong on our side. It has been logged; retrying is safe.");
}
