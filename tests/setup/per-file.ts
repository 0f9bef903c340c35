import { afterAll, inject } from "vitest";
import { closeDb } from "@/db/client";
import { closeTestSql } from "./database";
import { createDatabase, dropDatabase, uniqueName } from "./server";

// Runs before each test file's own modules, so the app's lazily opened pool finds this file's database.
const { serverUrl, template, prefix } = inject("testDatabases");
const name = uniqueName(prefix);
process.env.DATABASE_URL = await createDatabase(serverUrl, name, template);

afterAll(async () => {
  await closeTestSql();
  await closeDb();
  await dropDatabase(serverUrl, name);
});
