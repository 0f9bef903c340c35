import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { startTemporaryPostgres } from "@/db/embedded";

/** Throwaway databases on a test server, all named after one prefix so that a run can sweep up its own. */

export type TestServer = {
  /** Where the code under test connects: TEST_DATABASE_URL, perhaps a transaction pooler. */
  url: string;
  /**
   * The server itself (TEST_DATABASE_DIRECT_URL, or else `url`), where databases are created, copied from
   * the template and dropped, and where what needs a session (migrations, the job queue) connects.
   */
  directUrl: string;
  release: () => Promise<void>;
};

/**
 * TEST_DATABASE_URL's server, or else a temporary embedded one. `release` drops the databases named
 * with `prefix` from the given server, or deletes the temporary one outright.
 */
export async function testServer(prefix: string): Promise<TestServer> {
  const given = process.env.TEST_DATABASE_URL;
  const givenDirect = process.env.TEST_DATABASE_DIRECT_URL;
  if (givenDirect && !given) throw new Error("TEST_DATABASE_DIRECT_URL is set without TEST_DATABASE_URL.");
  if (given) {
    const directUrl = givenDirect || given;
    return { url: given, directUrl, release: () => dropDatabases(directUrl, prefix) };
  }
  const server = await startTemporaryPostgres();
  return { url: server.url, directUrl: server.url, release: server.stop };
}

export function uniqueName(prefix: string) {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

export function databaseUrl(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await asAdmin(serverUrl, (sql) =>
    template ? sql`create database ${sql(name)} template ${sql(template)}` : sql`create database ${sql(name)}`,
  );
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string) {
  await asAdmin(serverUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`);
}

export async function dropDatabases(serverUrl: string, prefix: string) {
  await asAdmin(serverUrl, async (sql) => {
    const found = await sql<
      { datname: string }[]
    >`select datname from pg_database where starts_with(datname, ${prefix})`;
    for (const { datname } of found) await sql`drop database if exists ${sql(datname)} with (force)`;
  });
}

async function asAdmin<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
