import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { apiKeys, type ApiKeyRow } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { databaseUrls } from "@/lib/config";
import { notFound } from "@/lib/errors";
import { oneRow } from "@/lib/sql/one-row";
import { apiKeyRevokedChannel, LiveApiKeys } from "./live-api-keys";

/** A key as it may be shown: never its hash. */
export type ApiKey = Omit<ApiKeyRow, "hash">;

const shown = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

const keyPrefix = "mg_live_";
/** 32 random bytes in base64url; anything else cannot be a key, so it is refused without a query. */
const keyShape = /^mg_live_[A-Za-z0-9_-]{43}$/;
/** Enough to tell keys apart in a list, far too little to guess the rest. */
const displayLength = keyPrefix.length + 6;
/** lastUsedAt is for spotting idle keys; writing it on every request would put a write on every hot path. */
const lastUsedResolutionMs = 60_000;

/** The key is 256 random bits, so a fast unsalted hash is as good as a slow one and keeps lookups cheap. */
function hashOf(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Makes a key. Only its hash is kept: the returned key is the one chance to see it.
 * A null actor is the command line, which has no signed-in person behind it.
 */
export async function createApiKey(
  name: string,
  actorId: string | null = null,
  executor: Executor = db,
): Promise<{ key: string; record: ApiKey }> {
  const key = `${keyPrefix}${randomBytes(32).toString("base64url")}`;
  const record = await executor.transaction(async (tx) => {
    const created = oneRow(
      await tx
        .insert(apiKeys)
        .values({ name, prefix: key.slice(0, displayLength), hash: hashOf(key) })
        .returning(shown),
      "created API key",
    );
    await recordAudit(tx, {
      actorId,
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      after: { name: created.name, prefix: created.prefix },
    });
    return created;
  });
  return { key, record };
}

const globalForKeys = globalThis as unknown as { makegoodLiveApiKeys?: LiveApiKeys };

function liveApiKeys(): LiveApiKeys {
  globalForKeys.makegoodLiveApiKeys ??= new LiveApiKeys(databaseUrls().direct);
  return globalForKeys.makegoodLiveApiKeys;
}

/** Stops listening for revocations, for a process that is done with its database. */
export async function closeLiveApiKeys(): Promise<void> {
  const open = globalForKeys.makegoodLiveApiKeys;
  globalForKeys.makegoodLiveApiKeys = undefined;
  await open?.close();
}

/** Its lookup is a statement written once rather than built each time, since every host call that is not remembered runs it. */
async function findLiveApiKey(hash: string, now: Date): Promise<string | null> {
  const [found] = await db.$client<[{ id: string; usedLately: boolean }?]>`
    select id, coalesce(last_used_at > ${now.toISOString()}::timestamptz - ${lastUsedResolutionMs} * interval '1 ms', false)
      as "usedLately"
    from api_keys where hash = ${hash} and revoked_at is null
  `;
  if (!found) return null;
  if (!found.usedLately) await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, found.id));
  return found.id;
}

/** The live key an `Authorization: Bearer <key>` header names, or null for a missing, unknown or revoked one. */
export async function authenticateApiKey(
  authorization: string | null,
  now = new Date(),
): Promise<{ id: string } | null> {
  const key = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1];
  if (!key || !keyShape.test(key)) return null;
  const hash = hashOf(key);
  const id = await liveApiKeys().idOf(hash, now.getTime(), () => findLiveApiKey(hash, now));
  return id ? { id } : null;
}

export function listApiKeys(executor: Executor = db): Promise<ApiKey[]> {
  return executor.select(shown).from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Revoking twice keeps the first revocation time, and only the first one is audited. */
export async function revokeApiKey(
  id: string,
  actorId: string | null = null,
  executor: Executor = db,
): Promise<ApiKey> {
  const record = await executor.transaction(async (tx) => {
    const [before] = await tx.select(shown).from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!before) throw notFound("api_key", id);
    if (before.revokedAt) return before;
    const revoked = oneRow(
      await tx
        .update(apiKeys)
        .set({ revokedAt: sql`now()` })
        .where(eq(apiKeys.id, id))
        .returning(shown),
      "revoked API key",
    );
    await recordAudit(tx, {
      actorId,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      before: { name: before.name, revokedAt: null },
      after: { name: revoked.name, revokedAt: revoked.revokedAt },
    });
    // Heard by every process once this commits.
    await tx.execute(sql`select pg_notify(${apiKeyRevokedChannel}, ${id})`);
    return revoked;
  });
  // A process that has checked no key has nothing to forget, and need not start listening.
  globalForKeys.makegoodLiveApiKeys?.forget(id);
  return record;
}
