import "server-only";
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { notifications } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ownCustomerId } from "@/lib/customers/own-customer";

export type InboxNotification = {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
};

export type Inbox = { notifications: InboxNotification[]; unread: number };

const shown = 20;

/** The newest notifications and how many are unread in all, read together so that the badge agrees with the list. */
export async function ownInbox(user: CurrentUser): Promise<Inbox> {
  const customerId = ownCustomerId(user);
  return db.transaction(
    async (tx) => {
      const rows = await tx
        .select({
          id: notifications.id,
          title: notifications.title,
          body: notifications.body,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .where(eq(notifications.customerId, customerId))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(shown);
      const [unread] = await tx
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.customerId, customerId), isNull(notifications.readAt)));
      return {
        notifications: rows.map(({ createdAt, readAt, ...row }) => ({
          ...row,
          createdAt: createdAt.toISOString(),
          read: readAt !== null,
        })),
        unread: unread?.n ?? 0,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** Marks the customer's own notifications read; ids of anyone else's are ignored, as if they did not exist. */
export async function markRead(user: CurrentUser, which: string[] | "all"): Promise<void> {
  const customerId = ownCustomerId(user);
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.customerId, customerId),
        isNull(notifications.readAt),
        which === "all" ? undefined : inArray(notifications.id, which),
      ),
    );
}
