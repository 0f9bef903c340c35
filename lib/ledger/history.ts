import "server-only";
import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { features, generations, transfers } from "@/db/schema";
import { customerAccount } from "./accounts";
import { describeTransfer, type HistoryWords } from "./history-words";

export type HistoryEntry = HistoryWords & { id: number; createdAt: Date; availableAfter: number };

/** At most one of the two: entries older than `before`, or newer than `after`; neither is the newest page. */
export type HistoryCursor = { before?: number; after?: number };

const transferId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const cursorSchema = z.union([
  z.object({ before: transferId }).strip(),
  z.object({ after: transferId }).strip(),
  z.object({}).strip(),
]);

/**
 * The cursor a history page's links carry, from its query string. A malformed one shows the newest page
 * rather than an error: links are the only way to get one.
 */
export function historyCursor(query: unknown): HistoryCursor {
  const parsed = cursorSchema.safeParse(query);
  return parsed.success ? parsed.data : {};
}

export type HistoryPage = { entries: HistoryEntry[]; older: number | null; newer: number | null };

const pageSize = 20;

/** The columns `describeTransfer` needs, for any query over transfers joined to their generation and feature. */
export const describedTransferColumns = {
  id: transfers.id,
  kind: transfers.kind,
  amount: transfers.amount,
  memo: transfers.memo,
  createdAt: transfers.createdAt,
  featureName: features.name,
  generationStatus: generations.status,
};

/**
 * A page of every transfer that touched the customer, newest first. Pages are found by transfer id
 * (keyset), so that a page costs the same however far back it is, and new transfers never shift it.
 */
export async function creditHistory(customerId: string, cursor: HistoryCursor): Promise<HistoryPage> {
  const account = await customerAccount(db, customerId);
  const mine = eq(transfers.customerAccountId, account.id);
  const goingBack = cursor.after === undefined;
  const rows = await db
    .select({
      ...describedTransferColumns,
      availableAfter: transfers.availableAfter,
      creditAccountId: transfers.creditAccountId,
    })
    .from(transfers)
    .leftJoin(generations, eq(generations.id, transfers.generationId))
    .leftJoin(features, eq(features.key, generations.featureKey))
    .where(
      and(
        mine,
        cursor.before !== undefined ? lt(transfers.id, cursor.before) : undefined,
        cursor.after !== undefined ? gt(transfers.id, cursor.after) : undefined,
      ),
    )
    .orderBy(goingBack ? desc(transfers.id) : asc(transfers.id))
    .limit(pageSize + 1);
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (!goingBack) page.reverse();
  const newest = page[0];
  const oldest = page.at(-1);
  const anyWhere = async (condition: SQL) => {
    const [found] = await db.select({ id: transfers.id }).from(transfers).where(and(mine, condition)).limit(1);
    return found !== undefined;
  };
  const hasOlder = goingBack ? more : oldest !== undefined && (await anyWhere(lt(transfers.id, oldest.id)));
  const hasNewer = goingBack
    ? cursor.before !== undefined && newest !== undefined && (await anyWhere(gt(transfers.id, newest.id)))
    : more;
  return {
    entries: page.map(({ creditAccountId, featureName, generationStatus, ...row }) => ({
      id: row.id,
      createdAt: row.createdAt,
      availableAfter: row.availableAfter,
      ...describeTransfer({ ...row, towardsCustomer: creditAccountId === account.id, featureName, generationStatus }),
    })),
    older: oldest && hasOlder ? oldest.id : null,
    newer: newest && hasNewer ? newest.id : null,
  };
}
