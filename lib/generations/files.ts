import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
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

/** The store key behind a URL made by fileUrl; null for any other URL, such as a host's own. */
export function fileKeyOf(url: string): string | null {
  return url.startsWith(filesRoute) ? url.slice(filesRoute.length) : null;
}

/**
 * Where the gallery's Download points. Our own files are served as attachments when asked with
 * `download=1`; a host's URL is left as it is, since only the host can decide how it is served.
 */
export function downloadUrl(outputUrl: string): string {
  return fileKeyOf(outputUrl) === null ? outputUrl : `${outputUrl}?download=1`;
}

/** Viewing shows a file; downloading is what the refund policy's "downloaded, then used" rule counts. */
export type FileUse = "view" | "download";

export type GenerationFile = StoredFile & { fileName: string };

/**
 * A generation's file for someone allowed to see it: its owner, an agent or an admin. Anyone else gets
 * the same null as for a file that does not exist, so that nobody learns what others have made.
 * The owner's first download is recorded; staff looking at it while reviewing is not the owner's use.
 */
export async function generationFileFor(
  user: CurrentUser,
  key: string,
  use: FileUse = "view",
): Promise<GenerationFile | null> {
  const [, generationId, name] = keyPattern.exec(key) ?? [];
  if (!generationId || !name) return null;
  const [owner] = await db
    .select({ customerId: generations.customerId })
    .from(generations)
    .where(eq(generations.id, generationId));
  if (!owner) return null;
  const isOwner = user.customerId === owner.customerId;
  if (!(isOwner || user.role === "agent" || user.role === "admin")) return null;
  const file = await getFile(key);
  if (!file) return null;
  if (use === "download" && isOwner) {
    await db
      .update(generations)
      .set({ downloadedAt: sql`now()` })
      .where(and(eq(generations.id, generationId), isNull(generations.downloadedAt)));
  }
  return { ...file, fileName: `${generationId}-${name}` };
}
