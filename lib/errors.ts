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
  "auth.password_change_required": 403,
  "account.frozen": 403,
  "demo.disabled": 403,
  "api_key.not_found": 404,
  "customer.not_found": 404,
  "dispute.not_found": 404,
  "file.not_found": 404,
  "generation.not_found": 404,
  "purchase.not_found": 404,
  "refund_request.not_found": 404,
  "sample.not_found": 404,
  "staff.not_found": 404,
  "webhook_delivery.not_found": 404,
  "webhook_endpoint.not_found": 404,
  "customer.already_suspended": 409,
  "customer.not_suspended": 409,
  "dispute.already_reviewed": 409,
  "dispute.invalid_transition": 409,
  "generation.already_resolved": 409,
  "generation.not_finished": 409,
  "idempotency.mismatch": 409,
  "refund.already_decided": 409,
  "refund.duplicate": 409,
  "staff.email_taken": 409,
  "staff.last_admin": 409,
  "staff.own_account": 409,
  "webhook_delivery.pending": 409,
  "webhook_endpoint.disabled": 409,
  "catalog.unchanged": 422,
  "eligibility.unchanged": 422,
  "feature.unknown": 422,
  "policy.unchanged": 422,
  "product.unknown": 422,
  "sample.unknown": 422,
  "validation.failed": 422,
  "auth.wrong_password": 422,
  "auth.same_password": 422,
  "webhook_endpoint.url_refused": 422,
  "validation.too_large": 413,
  "validation.media_type": 415,
  "rate.limited": 429,
} as const satisfies Record<string, ErrorStatus>;

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorOptions = {
  /** Facts the caller can act on, answered beside the code and message (e.g. the existing request's id). */
  details?: Readonly<Record<string, string | number>>;
  /** Only where the contract gives a code a second status: JSON that does not parse is a 400 validation.failed. */
  status?: ErrorStatus;
  /** rate.limited: when the caller may try again, answered as the Retry-After header. */
  retryAfterSeconds?: number;
};

/** A refusal the caller can act on: a stable code for machines and a sentence for people. */
export class DomainError extends Error {
  readonly status: ErrorStatus;
  readonly details: Readonly<Record<string, string | number>>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    options: ErrorOptions = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.status = options.status ?? errorStatus[code];
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

const thingNames = {
  api_key: "API key",
  customer: "customer",
  dispute: "dispute",
  generation: "generation",
  purchase: "purchase",
  refund_request: "refund request",
  webhook_delivery: "webhook delivery",
  webhook_endpoint: "webhook endpoint",
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

export function unknownProduct(key: string, field?: string): DomainError {
  return new DomainError("product.unknown", `There is no product called ${key}.`, field);
}

/** While a dispute of theirs is open and not found legitimate, a customer neither spends nor asks for refunds. */
export function accountFrozen(): DomainError {
  return new DomainError(
    "account.frozen",
    "This account is frozen while a payment dispute is open; it can be used again once the dispute is resolved.",
  );
}
