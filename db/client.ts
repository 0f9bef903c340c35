import { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseUrl } from "@/lib/config";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

type Connection = { sql: postgres.Sql; db: Database };

const globalForDb = globalThis as unknown as { makegoodDb?: Connection };

export function connect(url: string, max = 10): Connection {
  const sql = postgres(url, { max, onnotice: () => {} });
  return { sql, db: drizzle(sql, { schema }) };
}

function connection(): Connection {
  globalForDb.makegoodDb ??= connect(databaseUrl());
  return globalForDb.makegoodDb;
}

/**
 * The app's shared pool, opened on first use so that builds and scripts never connect by accident.
 * It still reports itself as a PgDatabase, which the Auth.js adapter checks for.
 */
export const db: Database = new Proxy({} as Database, {
  getPrototypeOf: () => PgDatabase.prototype,
  get(_target, property) {
    const real = connection().db;
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

export async function closeDb() {
  const open = globalForDb.makegoodDb;
  globalForDb.makegoodDb = undefined;
  await open?.sql.end({ timeout: 5 });
}
