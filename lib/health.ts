import "server-only";
import { sql } from "drizzle-orm";
import { db, type Database } from "@/db/client";

export type DatabaseHealth = { ok: true; latencyMs: number; migrations: number } | { ok: false; error: string };

const probeTimeoutMs = 3_000;

export async function databaseHealth(database: Database = db): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    const probe = database.execute<{ migrations: number }>(
      sql`select count(*)::int as migrations from drizzle.__drizzle_migrations`,
    );
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("timed out")), probeTimeoutMs).unref(),
    );
    const [row] = await Promise.race([probe, timeout]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), migrations: row?.migrations ?? 0 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "unreachable" };
  }
}
