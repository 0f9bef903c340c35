import "server-only";
import { Logger } from "graphile-worker";

/** The queue reports every job it runs and every migration; only what needs a person is worth a log line. */
export const jobQueueLogger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`Job queue: ${message}`);
  else if (level === "warning") console.warn(`Job queue: ${message}`);
});
