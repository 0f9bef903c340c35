import "server-only";

/**
 * Whether `error`, or any error it was caused by, carries one of `codes`: a SQLSTATE from PostgreSQL,
 * or a code from the driver or the socket beneath it. Drizzle wraps the driver's error as its cause.
 */
export function hasErrorCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && codes.has(code)) return true;
  }
  return false;
}

const connectionLost = new Set([
  // admin_shutdown (pg_terminate_backend, a server shutting down), crash_shutdown, cannot_connect_now
  "57P01",
  "57P02",
  "57P03",
  // The connection_exception class, and too_many_connections.
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300",
  // postgres.js, when the socket closes under a query or cannot be opened in time.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
]);

/**
 * The database went away under the work, or cannot be reached: nothing was wrong with the work
 * itself, PostgreSQL rolled back whatever was unfinished, and the same call can simply be made again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return hasErrorCode(error, connectionLost);
}
