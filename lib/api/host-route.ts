import "server-only";
import type { z } from "zod";
import { DomainError, invalidField } from "@/lib/errors";
import { firstIssue } from "@/lib/validation/issues.shared";
import { authenticateApiKey } from "./api-keys";
import { failureResponse } from "./envelope";
import { readJsonBody } from "./json-body";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type RouteContext = { params: Promise<unknown> };

async function requireApiKey(request: Request): Promise<void> {
  const authorization = request.headers.get("authorization");
  if (!authorization) {
    throw new DomainError("auth.invalid_api_key", "Send your API key in the Authorization header, as: Bearer <key>.");
  }
  if (!(await authenticateApiKey(authorization))) {
    throw new DomainError("auth.invalid_api_key", "The API key is not valid, or it has been revoked.");
  }
}

/** The first broken rule, named by its field so that the caller knows what to fix. */
function validated<S extends Schema>(schema: S, value: unknown): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data as Parsed<S>;
  const { field, message } = firstIssue(result.error, "body");
  throw invalidField(field, message);
}

/**
 * A host API route: checks the API key, then the path parameters, then the JSON body, and only then
 * runs `handle`. Refusals become the error envelope; a request that gets past validation and still
 * throws something other than a DomainError is a bug, and is logged as one.
 */
export function hostRoute<Params extends Schema = undefined, Body extends Schema = undefined>(
  schemas: { params?: Params; body?: Body },
  handle: (input: { params: Parsed<Params>; body: Parsed<Body> }) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      await requireApiKey(request);
      // A schema left out is exactly when its type parameter keeps its default, undefined.
      const params = validated(schemas.params as Params, await context.params);
      const body = validated(schemas.body as Body, schemas.body ? await readJsonBody(request) : undefined);
      return await handle({ params, body });
    } catch (error) {
      return failureResponse(error);
    }
  };
}
