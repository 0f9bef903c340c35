import "server-only";
import { z } from "zod";
import { platforms, refundReasonValues, refundRequestKinds } from "@/db/enums";
import type { QueueFilters } from "./queue";

/** The queue's filters and page as URL parameters, the same for the /support page and its polling route. */
export const queueQuery = z.object({
  kind: z.enum(refundRequestKinds, "kind is generation or purchase.").optional(),
  feature: z.string().min(1).max(64, "feature is at most 64 characters.").optional(),
  platform: z.enum(platforms, "platform is ios, android or web.").optional(),
  reason: z.enum(refundReasonValues, "reason is not one of the report reasons.").optional(),
  breached: z.literal("1", "breached is 1 when given.").optional(),
  cursor: z.string().max(200, "cursor is not one this route gave out.").optional(),
});

export type QueueQuery = z.infer<typeof queueQuery>;

export function queueFilters({ kind, feature, platform, reason, breached }: QueueQuery): QueueFilters {
  return { kind, feature, platform, reason, breachedOnly: breached === "1" };
}
