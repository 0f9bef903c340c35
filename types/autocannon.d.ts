/** The part of autocannon 8's programmatic API that `npm run bench` uses; the package ships no types. */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    type Request = {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Called before each request is sent; it may change it and must return it. */
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    };

    type Options = {
      url: string;
      connections?: number;
      /** Seconds; ignored when `amount` is given. */
      duration?: number;
      amount?: number;
      /** Seconds to wait for an answer. */
      timeout?: number;
      requests?: Request[];
    };

    type Result = {
      /** Seconds from the first request to the stop. */
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    };

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
      on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
