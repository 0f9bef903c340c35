import fs from "node:fs/promises";
import path from "node:path";
import { demoPassword, demoUsers } from "@/db/seed";
import { parseConfig, withLocalRunDefaults } from "@/lib/config";
import { openDatabase } from "./database";
import { bin, start, type Child } from "./lifecycle";
import { localAuthSecret } from "./local-secret";

/**
 * `next start` (building first when there is no build) or `next dev`, on the app's database.
 * Resolves with Next's exit code if it stops by itself.
 */
export async function serve(mode: "start" | "dev"): Promise<number> {
  const settings = parseConfig(process.env);
  const env: NodeJS.ProcessEnv = {
    ...withLocalRunDefaults(process.env),
    AUTH_TRUST_HOST: "true",
    NODE_ENV: mode === "start" ? "production" : process.env.NODE_ENV,
  };
  // Production on a real database must be given its secret (config refuses to start without one):
  // an invented secret would sign sessions that the other instances reject.
  if (!env.AUTH_SECRET && (mode === "dev" || !settings.database)) {
    env.AUTH_SECRET = await localAuthSecret(settings.dataDir);
  }
  parseConfig(env);

  if (mode === "start") {
    const code = await ensureBuild(env);
    if (code !== 0) return code;
  }

  const database = await openDatabase(settings, { seedDemoData: true });
  env.DATABASE_URL = database.url;
  env.DATABASE_DIRECT_URL = database.directUrl;
  const nextArgs = [mode, "--port", String(settings.port)];
  const processes =
    mode === "start"
      ? { servers: settings.webConcurrency, jobWorkers: settings.jobWorkers }
      : { servers: 1, jobWorkers: 0 };
  const next =
    mode === "start"
      ? start(
          bin("tsx"),
          ["scripts/app-cluster.ts", String(processes.servers), String(processes.jobWorkers), ...nextArgs],
          env,
        )
      : start(bin("next"), nextArgs, env);
  const url = `http://localhost:${settings.port}`;
  if (await answers(`${url}/api/health`, next)) welcome(url, database.embedded, processes);
  return next.exited;
}

/** What the production build is made from; a file here newer than the build means it is stale. */
const buildInputs = [
  "app",
  "pages",
  "components",
  "lib",
  "db",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
];

async function newestChange(entry: string): Promise<number> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  const children = await fs.readdir(entry);
  const times = await Promise.all(children.map((child) => newestChange(path.join(entry, child))));
  return Math.max(stat.mtimeMs, ...times);
}

async function buildState(): Promise<"missing" | "stale" | "current"> {
  const built = await fs.stat(path.join(process.cwd(), ".next", "BUILD_ID")).catch(() => null);
  if (!built) return "missing";
  const changes = await Promise.all(buildInputs.map((input) => newestChange(path.join(process.cwd(), input))));
  return Math.max(...changes) > built.mtimeMs ? "stale" : "current";
}

/** Runs `next build` when there is no production build or the code changed since; resolves with its exit code. */
export async function ensureBuild(env: NodeJS.ProcessEnv): Promise<number> {
  const build = await buildState();
  if (build === "current") return 0;
  console.log(
    build === "missing"
      ? "No production build yet: running next build…"
      : "The code changed since the last build: running next build…",
  );
  const code = await start(bin("next"), ["build"], env).exited;
  if (code !== 0) console.error("next build failed.");
  return code;
}

/** Polls until the server responds at all (even 503), or gives up when it exits. */
export async function answers(url: string, server: Child): Promise<boolean> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (!exited) {
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  return false;
}

function welcome(url: string, embedded: boolean, { servers, jobWorkers }: { servers: number; jobWorkers: number }) {
  const logins = embedded
    ? [`Demo logins (password ${demoPassword}):`, ...demoUsers.map((user) => `  ${user.email.padEnd(24)} ${user.role}`)]
    : ["Demo logins exist only if you seeded this database (npm run db:seed)."];
  const processes = [
    servers === 1 ? "one app server process" : `${servers} app server processes (WEB_CONCURRENCY)`,
    ...(jobWorkers === 0
      ? []
      : [jobWorkers === 1 ? "a job worker (JOB_WORKERS)" : `${jobWorkers} job workers (JOB_WORKERS)`]),
  ].join(" and ");
  console.log(["", `Makegood is ready at ${url}, on ${processes}`, ...logins, "Press Ctrl-C to stop.", ""].join("\n"));
}
