import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { generations } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/current-user";
import { getFile, type StoredFile } from "@/lib/storage/file-store";

/** Files the app keeps for a generation it produced itself (the demo service); hosts keep their own. */
export type GenerationFileName = "output.png";

const filesRoute = "/api/files/";
const keyPattern = /^generations\/([A-Za-z0-9_:-][A-Za-z0-9_.:-]{0,127})\/(output\.png)$/;

export function generationFileKey(generationId: string, name: GenerationFileName): string {
  return `generations/${generationId}/${name}`;
}

export function fileUrl(key: string): string {
  return `${filesRoute}${key}`;
}

/**
 * A generation's file for someone allowed to see it: its owner, an agent or an admin. Anyone else gets
 * the same null as for a file that does not exist, so that nobody learns what others have made.
 */
export async function generationFileFor(user: CurrentUser, key: string): Promise<StoredFile | null> {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const [owner] = await db
    .select({ customerId: generations.customerId })
    .from(generations)
    .where(eq(generations.id, match[1]!));
  if (!owner) return null;
  const allowed = user.role === "agent" || user.role === "admin" || user.customerId === owner.customerId;
  return allowed ? getFile(key) : null;
}
