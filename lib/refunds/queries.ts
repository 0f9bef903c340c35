import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, type Executor } from "@/db/client";
import { refundRequests, type RefundRequest } from "@/db/schema";
import { notFound } from "@/lib/errors";

const requestId = z.uuid();

/** Any string may be asked for: one that cannot be an id simply names no request. */
export async function refundRequestById(id: string, executor: Executor = db): Promise<RefundRequest> {
  const [request] = requestId.safeParse(id).success
    ? await executor.select().from(refundRequests).where(eq(refundRequests.id, id))
    : [];
  if (!request) throw notFound("refund_request", id);
  return request;
}
