import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/db/migrate";
import { createDatabase, testServer, uniqueName } from "./server";

/** `serverUrl` is where the code under test connects, `directServerUrl` the server itself (see TestServer). */
type TestDatabases = { serverUrl: string; directServerUrl: string; template: string; prefix: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabases: TestDatabases;
  }
}

/**
 * Migrates a template database once per run, on TEST_DATABASE_URL's server or else on a temporary
 * embedded one; each test file then gets a copy of it (see per-file.ts).
 */
export default async function setup(project: TestProject) {
  const prefix = process.env.TEST_DATABASE_PREFIX ?? uniqueName("makegood_test");
  const template = `${prefix}_template`;
  const server = await testServer(prefix);
  try {
    await migrateDatabase(await createDatabase(server.directUrl, template));
  } catch (error) {
    await server.release();
    throw error;
  }
  project.provide("testDatabases", { serverUrl: server.url, directServerUrl: server.directUrl, template, prefix });
  return server.release;
}
