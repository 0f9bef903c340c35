import "server-only";

/**
 * Every code a refusal can carry, with the HTTP status the API answers it with. Codes are a public
 * contract: a code keeps its meaning and its status for good, and a code missing here does not compile.
 */
export const errorStatus = {
  "auth.required": 401,
  "auth.invalid_api_key": 401,
  "credits.insufficient": 402,
  "auth.forbidden": 403,
  "api_key.not_found": 404,
  "customer.not_found": 404,
  "file.not_found": 404,
  "generation.not_found": 404,
  "refund_request.not_found": 404,
  "sample.not_found": 404,
  "staff.not_found": 404,
  "customer.already_suspended": 409,
  "customer.not_suspended": 409,
  "generation.already_resolved": 409,
  "generation.not_finished": 409,
  "idempotency.mismatch": 409,
  "refund.already_decided": 409,
  "refund.duplicate": 409,
  "staff.email_taken": 409,
  "staff.last_admin": 409,
  "eligibility.unchanged": 422,
  "feature.unknown": 422,
  "policy.unchanged": 422,
  "sample.unknown": 422,
  "validation.failed": 422,
} as const satisfies Record<string, 400 | 401 | 402 | 403 | 404 | 409 | 422>;

export type ErrorCode = keyof typeof errorStatus;

/** A refusal the caller can act on: a stable code for machines and a sentence for people. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

const thingNames = {
  api_key: "API key",
  customer: "customer",
  generation: "generation",
  refund_request: "refund request",
} as const;

/** Whatever the id names is missing, or is someone else's: either way the caller learns only that. */
export function notFound(thing: keyof typeof thingNames, id: string): DomainError {
  return new DomainError(`${thing}.not_found`, `No ${thingNames[thing]} has the id ${id}.`);
}

/** A value that breaks an input rule, named by its field so that the caller knows what to fix. */
export function invalidField(field: string, rule: string): DomainError {
  return new DomainError("validation.failed", `${field}: ${rule}`, field);
}

export function unknownFeature(key: string, field?: string): DomainError {
  return new DomainError("feature.unknown", `There is no feature called ${key}.`, field);
}
