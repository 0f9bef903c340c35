import "server-only";

/**
 * Runs a transaction's steps that do not wait for each other's answers at once, so that the driver
 * sends their statements in one round trip. The order they are sent in is not promised (drizzle starts
 * a query when it is awaited), so the steps must not depend on it. Unlike Promise.all, it fails only once
 * every step has settled, so that no step sends a statement after the transaction has been rolled back,
 * and with the failure that arrived first: the cause, since the statements after it fail only because
 * the transaction is aborted.
 */
export async function together<T extends readonly unknown[] | []>(
  ...steps: T
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  let firstFailure: { reason: unknown } | undefined;
  const settled = await Promise.allSettled(
    steps.map((step) =>
      Promise.resolve(step).catch((reason: unknown) => {
        firstFailure ??= { reason };
        throw reason;
      }),
    ),
  );
  if (firstFailure) throw firstFailure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
