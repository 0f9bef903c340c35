import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { startTemporaryPostgres } from "@/db/embedded";

/** Throwaway databases on a test server, all named after one prefix so that a run can sweep up its own. */

/**
 * TEST_DATABASE_URL's server, or else a temporary embedded one. `release` drops the databases named
 * with `prefix` from the given server, or deletes the temporary one outright.
 */
export async function testServer(prefix: string): Promise<{ url: string; release: () => Promise<void> }> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, release: () => dropDatabases(given, prefix) };
  const server = await startTemporaryPostgres();
  return { url: server.url, release: server.stop };
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
