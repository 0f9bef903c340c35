import { afterAll, inject } from "vitest";
import { closeDb } from "@/db/client";
import { closeLiveApiKeys } from "@/lib/api/api-keys";
import { closeTestSql } from "./database";
import { createDatabase, databaseUrl, dropDatabase, uniqueName } from "./server";

// Runs before each test file's own modules, so the app's lazily opened pool finds this file's database.
// The database is made on the server itself; the app reaches it as it would in production: its pool
// through TEST_DATABASE_URL (a transaction pooler in the pgbouncer profile), its sessions directly.
const { serverUrl, directServerUrl, template, prefix } = inject("testDatabases");
const name = uniqueName(prefix);
process.env.DATABASE_DIRECT_URL = await createDatabase(directServerUrl, name, template);
process.env.DATABASE_URL = databaseUrl(serverUrl, name);

afterAll(async () => {
  await closeTestSql();
  await closeLiveApiKeys();
  await closeDb();
  await dropDatabase(directServerUrl, name);
});
