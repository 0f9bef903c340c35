import "server-only";
import { db } from "@/db/client";
import { requestNotes } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { refundRequestById } from "@/lib/refunds/queries";

/** An internal note on a request, for the agents who open it after; customers never see notes. */
export async function addNote(agent: CurrentUser, requestId: string, body: string): Promise<void> {
  const request = await refundRequestById(requestId);
  await db.insert(requestNotes).values({ requestId: request.id, authorId: agent.id, body });
}
