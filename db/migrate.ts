import path from "node:path";
import { runMigrations } from "graphile-worker";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { jobQueueLogger } from "@/lib/jobs/logger";
import { connect } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/**
 * Applies pending migrations. Several app instances may start at once, so they take turns on a session's
 * advisory lock: `url` must reach the database directly (DATABASE_DIRECT_URL), never through a transaction
 * pooler, which would leave the lock held on a server connection that it keeps for other clients.
 */
export async function migrateDatabase(url: string) {
  const { sql, db } = connect(url, 1);
  try {
    await sql`select pg_advisory_lock(726345)`;
    await migrate(db, { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
  // The job queue keeps its own schema and versions; job workers add the jobs app transactions ask for (job_requests).
  await runMigrations({ connectionString: url, logger: jobQueueLogger });
}
