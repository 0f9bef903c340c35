import "server-only";
import { sql } from "drizzle-orm";
import { db, type Database } from "@/db/client";

/**
 * What /api/health answers. Anyone may ask, so a failure says only which part is down: the driver's
 * error names hosts, users and databases, and goes to the server's log instead.
 */
export type Health =
  | { status: "ok"; database: "reachable"; latencyMs: number; migrations: number }
  | { status: "unavailable"; database: "unreachable" };

const probeTimeoutMs = 3_000;

export async function health(database: Database = db): Promise<{ httpStatus: 200 | 503; body: Health }> {
  const started = performance.now();
  try {
    const probe = database.execute<{ migrations: number }>(
      sql`select count(*)::int as migrations from drizzle.__drizzle_migrations`,
    );
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs).unref(),
    );
    const [row] = await Promise.race([probe, timeout]);
    const latencyMs = Math.round(performance.now() - started);
    return {
      httpStatus: 200,
      body: { status: "ok", database: "reachable", latencyMs, migrations: row?.migrations ?? 0 },
    };
  } catch (error) {
    console.error("Health check: the database is unreachable:", error);
    return { httpStatus: 503, body: { status: "unavailable", database: "unreachable" } };
  }
}
