import "server-only";
import { isDomainError } from "@/lib/errors";

/**
 * The HTTP status of every refusal code the API can return. Codes are a public contract, so a code
 * keeps its status for good.
 */
const statusByCode: Record<string, number> = {
  "auth.invalid_api_key": 401,
  "credits.insufficient": 402,
  "customer.not_found": 404,
  "generation.not_found": 404,
  "refund_request.not_found": 404,
  "idempotency.mismatch": 409,
  "generation.already_resolved": 409,
  "generation.not_finished": 409,
  "refund.duplicate": 409,
  "validation.failed": 422,
  "feature.unknown": 422,
};

/** A refusal nobody has mapped yet is still the caller's to act on: 422, never a 5xx. */
const unmappedRefusalStatus = 422;

export function errorResponse(status: number, code: string, message: string, field?: string): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

/** Domain refusals keep their code and message; anything else is a bug, logged and answered with a 500. */
export function failureResponse(error: unknown): Response {
  if (isDomainError(error)) {
    return errorResponse(statusByCode[error.code] ?? unmappedRefusalStatus, error.code, error.message, error.field);
  }
  console.error("Host API request failed unexpectedly:", error);
  return errorResponse(500, "internal.error", "Something went wrong on our side. It has been logged; retrying is safe.");
}
