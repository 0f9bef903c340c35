import "server-only";
import { asc } from "drizzle-orm";
import { db } from "@/db/client";
import { features } from "@/db/schema";
import { supportTeam } from "./availability";
import { queuePage, type QueueFilters } from "./queue";

/** What /support opens with: the first page of the queue, what it can be filtered by, and the team. */
export async function supportDesk(filters: QueueFilters) {
  const [queue, featureOptions, team] = await Promise.all([
    queuePage(filters),
    db.select({ key: features.key, name: features.name }).from(features).orderBy(asc(features.position)),
    supportTeam(),
  ]);
  return { queue, features: featureOptions, team };
}
