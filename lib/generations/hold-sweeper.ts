import "server-only";
import { config } from "@/lib/config";
import { expireOverdueHolds } from "./lifecycle";

/** Every app instance sweeps; the lifecycle's SKIP LOCKED claim keeps them from releasing a hold twice. */
export function startHoldSweeper(): void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const expired = await expireOverdueHolds();
      if (expired > 0) console.log(`Released ${expired} expired hold(s).`);
    } catch (error) {
      console.error("Hold sweep failed; the next sweep will try again.", error);
    } finally {
      running = false;
    }
  };
  setInterval(sweep, config().sweepIntervalSeconds * 1000).unref();
}
