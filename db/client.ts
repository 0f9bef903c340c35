import { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseUrls } from "@/lib/config";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

type Connection = { sql: postgres.Sql; db: Database };

const globalForDb = globalThis as unknown as { makegoodDb?: Connection };

export type ConnectOptions = {
  /** Hears each pooled connection whose socket closes, for whatever reason. */
  onClose?: () => void;
  /**
   * False behind a transaction pooler: each statement is then parsed unnamed, since a named prepared
   * statement lives on one server connection and the pooler hands the next transaction to any other.
   */
  prepare?: boolean;
  /** Hears each statement the pool sends, with its parameters, as postgres.js's `debug` does. */
  onStatement?: (text: string, parameters: unknown[]) => void;
};

type Driver = postgres.Sql | postgres.TransactionSql;

/**
 * drizzle asks postgres.js for an unnamed statement unless a query is given a name. postgres.js sends
 * such a statement with parameters in two round trips (describe it, then run it), and the server parses
 * it again each time. Asking for a named one prepares each statement once per connection, as postgres.js
 * does its own queries; the pool's own `prepare: false`, behind a transaction pooler, still wins.
 */
function preparedAsThePoolAllows<D extends Driver>(driver: D): D {
  return new Proxy(driver, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const inside = args.pop() as (scoped: Driver) => unknown;
          const open = Reflect.get(target, property, target) as (...given: unknown[]) => unknown;
          return open.call(target, ...args, (scoped: Driver) => inside(preparedAsThePoolAllows(scoped)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export function connect(
  url: string,
  max = 10,
  { onClose, prepare = true, onStatement }: ConnectOptions = {},
): Connection {
  const sql = postgres(url, {
    max,
    prepare,
    onnotice: () => {},
    onclose: onClose,
    debug: onStatement && ((_connection, text, parameters) => onStatement(text, parameters)),
  });
  return { sql, db: drizzle(preparedAsThePoolAllows(sql), { schema }) };
}

/** A pool on the app's database (DATABASE_URL), with what the pooler in front of it allows. */
export function connectApp(max: number, options: Omit<ConnectOptions, "prepare"> = {}): Connection {
  const { pooled, transactionPooler } = databaseUrls();
  return connect(pooled, max, { ...options, prepare: !transactionPooler });
}

/**
 * postgres.js 3.4.9 cannot use a pooled connection again once its socket closed with a write queued,
 * which is what a transaction whose backend was terminated leaves (the ROLLBACK): every later query
 * on it waits out the connect timeout (porsager/postgres#1208). So the first close in the app's pool
 * retires the whole pool: the next query opens a fresh one, and the old one ends once its queries have.
 */
function retire(pool: Connection) {
  if (globalForDb.makegoodDb !== pool) return;
  globalForDb.makegoodDb = undefined;
  void pool.sql.end({ timeout: 30 });
}

function connection(): Connection {
  if (!globalForDb.makegoodDb) {
    const pool: Connection = connectApp(10, { onClose: () => retire(pool) });
    globalForDb.makegoodDb = pool;
  }
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
    // Methods are bound to the real database; an own property such as $client, the driver, is handed out as it is.
    return typeof value === "function" && !Object.hasOwn(real, property) ? value.bind(real) : value;
  },
});

export async function closeDb() {
  const open = globalForDb.makegoodDb;
  globalForDb.makegoodDb = undefined;
  await open?.sql.end({ timeout: 5 });
}
