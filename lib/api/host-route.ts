import "server-only";
import type { z } from "zod";
import { DomainError } from "@/lib/errors";
import { route, type HostAnswer, type HostRequest, type Route } from "@/lib/http/host-call";
import { authenticateApiKey } from "./api-keys";
import { failureAnswer } from "./envelope";
import { hostId } from "./fields";
import { readJsonBody } from "./json-body";
import { validated } from "./validated";

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

async function requireApiKey(request: HostRequest): Promise<void> {
  const authorization = request.header("authorization");
  if (!authorization) {
    throw new DomainError("auth.invalid_api_key", "Send your API key in the Authorization header, as: Bearer <key>.");
  }
  if (!(await authenticateApiKey(authorization))) {
    throw new DomainError("auth.invalid_api_key", "The API key is not valid, or it has been revoked.");
  }
}

function validatedIfGiven<S extends Schema>(schema: S, value: unknown, whole?: string): Parsed<S> {
  return (schema ? validated(schema, value, whole) : undefined) as Parsed<S>;
}

/** The caller's own id when it is a sane one, so that its logs and ours meet; otherwise a new one. */
function requestIdOf(request: HostRequest): string {
  const given = request.header("x-request-id");
  return given && hostId.safeParse(given).success ? given : crypto.randomUUID();
}

/** Answers with X-Request-Id, as every answer of the host API does; `handle` is given the id to name in a 5xx. */
export function withRequestId(handle: (request: HostRequest, requestId: string) => Promise<HostAnswer>): Route {
  return route(async (request) => {
    const requestId = requestIdOf(request);
    const answer = await handle(request, requestId);
    return { ...answer, headers: { ...answer.headers, "x-request-id": requestId } };
  });
}

/**
 * A host API route: checks the API key, then the path parameters, then the query, then the JSON body,
 * and only then runs `handle`. Refusals become the error envelope; a request that gets past validation and still
 * throws something other than a DomainError is a bug, and is logged as one. Every answer carries
 * X-Request-Id. `maxBodyBytes` raises the body limit for a route whose contract needs more.
 */
export function hostRoute<
  Params extends Schema = undefined,
  Body extends Schema = undefined,
  Query extends Schema = undefined,
>(
  options: { params?: Params; query?: Query; body?: Body; maxBodyBytes?: number },
  handle: (input: { params: Parsed<Params>; query: Parsed<Query>; body: Parsed<Body> }) => Promise<HostAnswer>,
): Route {
  return withRequestId(async (request, requestId) => {
    try {
      await requireApiKey(request);
      // A schema left out is exactly when its type parameter keeps its default, undefined.
      const params = validatedIfGiven(options.params as Params, request.params);
      const query = validatedIfGiven(
        options.query as Query,
        options.query && Object.fromEntries(request.searchParams),
        "query",
      );
      const body = validatedIfGiven(
        options.body as Body,
        options.body ? await readJsonBody(request, options.maxBodyBytes) : undefined,
      );
      return await handle({ params, query, body });
    } catch (error) {
      return failureAnswer(error, requestId);
    }
  });
}
