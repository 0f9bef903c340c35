import "server-only";
import { parseCronItems, type Task } from "graphile-worker";
import { pruneLoginAttempts } from "@/lib/auth/login-rate-limit";
import { expireOverdueHolds } from "@/lib/generations/lifecycle";
import { refreshInsightRollups } from "@/lib/insights/rollups";
import { pruneRateLimitHits } from "@/lib/limits/rate-limits";
import { refundMoney } from "@/lib/purchases/money-refunds";
import { rebuildMissingFacts } from "@/lib/refunds/rebuild-facts";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import type { JobName, JobPayloads } from "./enqueue";
import { recoverStalledJobs } from "./stalled";

/** The handler of every job kind. A handler that throws is retried by the queue with its backoff. */
export const tasks: Record<JobName, Task> = {
  "holds.expire": async () => {
    const expired = await expireOverdueHolds();
    if (expired > 0) console.log(`Released ${expired} expired hold(s).`);
  },
  "jobs.recover_stalled": async () => {
    const workers = await recoverStalledJobs();
    if (workers > 0) console.warn(`Handed back the jobs of ${workers} stalled worker(s).`);
  },
  "webhook.deliver": async (payload) => {
    await deliverWebhook((payload as JobPayloads["webhook.deliver"]).deliveryId);
  },
  "insights.rollup": async () => {
    await refreshInsightRollups();
  },
  "refunds.rebuild_facts": async () => {
    const rebuilt = await rebuildMissingFacts();
    if (rebuilt > 0) console.log(`Rebuilt the facts of ${rebuilt} earlier refund request(s).`);
  },
  "payment.refund": async (payload) => {
    await refundMoney((payload as JobPayloads["payment.refund"]).providerRefundId);
  },
  "auth.prune_login_attempts": async () => {
    await pruneLoginAttempts();
  },
  "rate_limits.prune": async () => {
    await pruneRateLimitHits();
  },
};

/** Scheduled work; the queue runs each minute's slot once across every app instance. */
export const schedule = parseCronItems([
  ...(["holds.expire", "jobs.recover_stalled", "insights.rollup", "rate_limits.prune"] satisfies JobName[]).map(
    (task) => ({
      task,
      match: "* * * * *",
      options: { maxAttempts: 1 },
    }),
  ),
  // Old sign-in counts only take room; an hour late costs nothing.
  { task: "auth.prune_login_attempts" satisfies JobName, match: "7 * * * *", options: { maxAttempts: 1 } },
]);
