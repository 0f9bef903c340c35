import "server-only";
import { readLimited } from "./read-limited";

/**
 * What a host API route reads of a call. Node's server brings it on the host API's hot path
 * (`pagesApiRoute`) and a web `Request` brings it everywhere else, tests included, so that the hot
 * path builds no web objects: a web `Request`, its body's stream and `Response.json` cost a failure
 * about a third of its CPU (see README → Benchmark).
 */
export interface HostRequest {
  /** The header's value, or null; `name` in lower case. */
  header(name: string): string | null;
  /** The path's dynamic segments as the router matched them. */
  readonly params: unknown;
  readonly searchParams: URLSearchParams;
  /**
   * The body's bytes, or null when it is longer than `maxBytes`: counted as they arrive, and refused
   * unread when its Content-Length already says so. Rejects when the caller hangs up mid-body.
   */
  body(maxBytes: number): Promise<Buffer | null>;
}

/** A route's answer: its status, its headers, and a body to send as JSON unless there is none. */
export type HostAnswer = { status: number; headers?: Record<string, string>; json?: unknown };

export type HostHandler = (request: HostRequest) => Promise<HostAnswer>;

type AnswerInit = { status?: number; headers?: Record<string, string> };

/** As `Response.json`: the value sent as JSON, 200 unless `init` says otherwise. */
export function json(value: unknown, init: AnswerInit = {}): HostAnswer {
  return { status: init.status ?? 200, headers: init.headers, json: value };
}

export function noContent(): HostAnswer {
  return { status: 204 };
}

export function toResponse(answer: HostAnswer): Response {
  const init = { status: answer.status, headers: answer.headers };
  return answer.json === undefined ? new Response(null, init) : Response.json(answer.json, init);
}

type RouteContext = { params: Promise<unknown> };

/** A route as an App Router route file exports it, and as the tests call it; `answer` is the handler itself. */
export type Route = ((request: Request, context: RouteContext) => Promise<Response>) & { readonly answer: HostHandler };

function fromWebRequest(request: Request, params: unknown): HostRequest {
  return {
    header: (name) => request.headers.get(name),
    params,
    searchParams: new URL(request.url).searchParams,
    body: (maxBytes) => readLimited(request, maxBytes),
  };
}

export function route(answer: HostHandler): Route {
  const served = async (request: Request, context: RouteContext) =>
    toResponse(await answer(fromWebRequest(request, await context.params)));
  return Object.assign(served, { answer });
}
