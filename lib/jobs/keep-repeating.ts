import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

/** How long a loop waits before looking again once a round found less than it could take. */
const idleWaitMs = 200;

/** What a round's failure and the recovery after it are logged as. */
export type OutageMessages = { failing: string; recovered: string };

/** A loop in a job runner; `stop` resolves once its round in hand has finished. */
export type Repeating = { stop: () => Promise<void> };

/**
 * Runs `round` until stopped: at once again when it resolves true (there may be more to take), otherwise
 * after a short wait. A failed round (the database restarting, say) is tried again after the wait; an
 * outage is logged when it starts and when it ends, not on every try.
 */
export function keepRepeating(round: () => Promise<boolean>, messages: OutageMessages): Repeating {
  const stopping = new AbortController();
  let failing = false;
  const repeating = (async () => {
    while (!stopping.signal.aborted) {
      const again = await round().then(
        (more) => {
          if (failing) console.log(messages.recovered);
          failing = false;
          return more;
        },
        (error: unknown) => {
          if (!failing) console.error(messages.failing, error);
          failing = true;
          return false;
        },
      );
      if (!again) await sleep(idleWaitMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await repeating;
    },
  };
}
