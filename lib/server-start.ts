import "server-only";
import { migrateDatabase } from "@/db/migrate";
import { config, ConfigError, databaseUrls } from "./config";
import { startJobRunner } from "./jobs/runner";

/** Runs once per app server before it takes requests: a bad configuration stops it with a readable message. */
export async function startServer(): Promise<void> {
  try {
    config();
    await migrateDatabase(databaseUrls().direct);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\nMakegood cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config().runJobs) await startJobRunner();
}
