import { execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "@/db/embedded";
import { onExit } from "./lifecycle";

export const pgbouncerBinary = "/usr/sbin/pgbouncer";

export const pgbouncerMissing =
  `PgBouncer is not installed (${pgbouncerBinary} is missing). Install Debian's package ` +
  `(apt-get install pgbouncer; .ci/run does it) to run the tests through it.`;

export type PgBouncer = {
  /** `serverUrl` with its host and port swapped for PgBouncer's: the same user, password and database. */
  url: string;
  /** The last lines PgBouncer logged, for a failure's report. */
  log: () => string;
  stop: () => Promise<void>;
};

const logLinesKept = 60;
const readyWithinMs = 10_000;

/**
 * Runs Debian's PgBouncer in transaction pooling mode in front of `serverUrl`'s server, as a child of
 * this process, until `stop` or until this process exits. Any database name is passed through to the
 * server (a `*` entry), so databases made after it started are reached too; clients sign in with the
 * user and password of `serverUrl`.
 */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  if (!user) throw new Error("The test server's URL names no user, which PgBouncer must sign in as.");

  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-pgbouncer-"));
  const removeDirectory = () => fs.rm(directory, { recursive: true, force: true });
  try {
    const port = await freePort();
    const userlist = path.join(directory, "userlist.txt");
    const ini = path.join(directory, "pgbouncer.ini");
    // PgBouncer signs in to the server with the password from its auth file, so it is there in clear.
    await fs.writeFile(userlist, `${quoted(user)} ${quoted(password)}\n`, { mode: 0o600 });
    await fs.writeFile(ini, settings({ server, port, userlist, trust: password === "" }), { mode: 0o600 });

    // PgBouncer refuses to run as root; it runs as the postgres user then, as the embedded PostgreSQL does.
    const identity = process.getuid?.() === 0 ? await postgresUser() : undefined;
    if (identity) {
      for (const file of [directory, userlist, ini]) await fs.chown(file, identity.uid, identity.gid);
    }

    const child = spawn(pgbouncerBinary, [ini], { ...identity, stdio: ["ignore", "ignore", "pipe"] });
    const lines: string[] = [];
    child.stderr.on("data", (chunk: Buffer) => {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      lines.splice(0, lines.length - logLinesKept);
    });
    const log = () => lines.join("\n");
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", (error) => {
        lines.push(`Could not run ${pgbouncerBinary}: ${error.message}`);
        resolve();
      });
    });
    const running = () => child.exitCode === null && child.signalCode === null;
    // Last resort when this process ends without stopping it, say on an uncaught exception.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        forget();
        process.removeListener("exit", killOnExit);
        // SIGTERM is PgBouncer's immediate shutdown: the run is over, and so are its clients.
        if (running()) child.kill("SIGTERM");
        await exited;
        await removeDirectory();
      })();
      return stopping;
    };
    const forget = onExit(stop);

    if (!(await listening(port, exited))) {
      await stop();
      throw new Error(`PgBouncer did not start. Its log ends with:\n${log() || "(nothing)"}`);
    }
    const url = new URL(serverUrl);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    return { url: url.toString(), log, stop };
  } catch (error) {
    await removeDirectory();
    throw error;
  }
}

function settings({ server, port, userlist, trust }: { server: URL; port: number; userlist: string; trust: boolean }) {
  const serverPort = server.port || "5432";
  return `[databases]
* = host=${server.hostname} port=${serverPort}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = ${trust ? "trust" : "scram-sha-256"}
auth_file = ${userlist}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
log_connections = 0
log_disconnections = 0
log_stats = 0
`;
}

/** A name or password as the auth file wants it: in double quotes, with each double quote doubled. */
function quoted(value: string) {
  return `"${value.replaceAll('"', '""')}"`;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('PgBouncer refuses to run as root, and there is no "postgres" user to run it as.');
  }
}

/** Waits until the port takes connections; false when PgBouncer exits first or takes too long. */
async function listening(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (const started = Date.now(); !gone && Date.now() - started < readyWithinMs;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (connected) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export async function pgbouncerInstalled(): Promise<boolean> {
  return fs.access(pgbouncerBinary, fs.constants.X_OK).then(
    () => true,
    () => false,
  );
}
