import "server-only";

function isUniqueViolation(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: string }).code === "23505") return true;
  }
  return false;
}

/**
 * Runs an idempotent operation, and runs it once more if a concurrent twin won the race to a unique
 * key: the second run then finds the twin's result and returns it, as any retry would.
 */
export async function onceMoreIfRaced<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return operation();
  }
}
