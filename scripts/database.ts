import fs from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { seedDatabase } from "@/db/seed";
import { parseConfig, type Config } from "@/lib/config";
import { onExit } from "./lifecycle";

/** `url` is the app's (DATABASE_URL); `directUrl` reaches the database itself, past any transaction pooler. */
export type AppDatabase = { url: string; directUrl: string; embedded: boolean; stop: () => Promise<void> };

/** A stable port makes the local database easy to find with psql; any free port does when it is taken. */
const embeddedPort = 54329;

/**
 * The app's database, with pending migrations applied: DATABASE_URL, or else the embedded server
 * under DATA_DIR, which runs until `stop` or until this process exits. Demo data goes only into the
 * embedded database, once.
 */
export async function openDatabase(
  settings: Config,
  { seedDemoData }: { seedDemoData: boolean },
): Promise<AppDatabase> {
  if (settings.database) {
    const { pooled, direct, transactionPooler } = settings.database;
    console.log(`Applying pending migrations to ${transactionPooler ? "DATABASE_DIRECT_URL" : "DATABASE_URL"}…`);
    await migrateDatabase(direct);
    return { url: pooled, directUrl: direct, embedded: false, stop: async () => {} };
  }

  const dataDir = path.join(settings.dataDir, "postgres");
  console.log(`Using the embedded PostgreSQL (data in ${dataDir})…`);
  const server = await startEmbeddedPostgres({ dataDir, port: embeddedPort });
  const forget = onExit(server.stop);
  const stop = async () => {
    forget();
    await server.stop();
  };
  if (server.created) console.log("Created a new database cluster.");

  console.log("Applying pending migrations…");
  await migrateDatabase(server.url);

  // A marker rather than `created`: a first start interrupted before seeding still seeds next time.
  const seeded = path.join(dataDir, "makegood-seeded");
  if (
    seedDemoData &&
    !(await fs.access(seeded).then(
      () => true,
      () => false,
    ))
  ) {
    console.log("Seeding demo data…");
    await seedDatabase(server.url);
    await fs.writeFile(seeded, `${new Date().toISOString()}\n`);
  }
  return { url: server.url, directUrl: server.url, embedded: true, stop };
}

/**
 * Runs `work` against the app's database (see openDatabase, never seeded here), then lets it go. A script
 * is one short session of its own, so `work` gets the direct URL: its prepared statements, cursors and
 * temporary tables need no care for a transaction pooler.
 */
export async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const database = await openDatabase(parseConfig(process.env), { seedDemoData: false });
  try {
    await work(database.directUrl);
  } finally {
    await database.stop();
  }
}
