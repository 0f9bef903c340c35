import "server-only";
import { hasErrorCode } from "@/lib/sql/error-codes";

const uniqueViolation = new Set(["23505"]);
/** Besides a unique key, a serialization failure or a deadlock: Postgres rolled the transaction back. */
const lostRaces = new Set([...uniqueViolation, "40001", "40P01"]);

/**
 * Runs an idempotent operation, and runs it once more if a concurrent twin won the race to a unique
 * key: the second run then finds the twin's result and returns it, as any retry would.
 */
export async function onceMoreIfRaced<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!hasErrorCode(error, uniqueViolation)) throw error;
    return operation();
  }
}

/**
 * Runs a whole transaction of idempotent operations again, up to `attempts` times, while it loses a
 * race: to a unique key, a serialization check or a deadlock. Each run starts from nothing, since the
 * lost one was rolled back entirely.
 */
export async function retriedWhileRaced<T>(operation: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !hasErrorCode(error, lostRaces)) throw error;
    }
    // Twins that lost together would meet again at once; a random pause, longer each time, parts them.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
  }
}
