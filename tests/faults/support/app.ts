import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { freePort } from "@/db/embedded";
import { bin } from "@/scripts/lifecycle";
import { jobWorkerScript } from "@/scripts/process-tree";

/** A process of the app's, as a fault test runs and breaks it. */
export type Instance = {
  pid: number;
  /** The last lines the process printed, for a failure's message. */
  output: () => string;
  /** Whether the process is still running. */
  running: () => boolean;
  /** Sends `signal` and waits for the process to end; resolves with its exit code, or 128 + the signal's number. */
  kill: (signal: NodeJS.Signals) => Promise<number>;
};

export type App = Instance & { url: string; port: number };

const authSecret = randomBytes(32).toString("base64url");
const linesKept = 60;
const readyWithinMs = 90_000;

/** Runs `command` as one of the app's processes on `databaseUrl`, with the settings a production instance has. */
function spawnInstance(command: string, args: string[], databaseUrl: string, runJobs: boolean): Instance {
  const child = spawn(command, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      // The given database is reached directly too: no pooler stands in front of it here.
      DATABASE_DIRECT_URL: undefined,
      AUTH_SECRET: authSecret,
      AUTH_TRUST_HOST: "true",
      ALLOW_PRIVATE_URLS: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      RUN_JOBS: String(runJobs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, lines.length - linesKept);
  };
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid!,
    output: () => lines.join("\n"),
    running,
    kill: (signal) => {
      if (running()) child.kill(signal);
      return exited;
    },
  };
}

async function readyOrKilled(instance: Instance, ready: () => Promise<boolean>, what: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < readyWithinMs;) {
    if (!instance.running()) throw new Error(`The ${what} exited while starting. It printed:\n${instance.output()}`);
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await instance.kill("SIGKILL");
  throw new Error(`The ${what} was not ready within ${readyWithinMs / 1000} s. It printed:\n${instance.output()}`);
}

/**
 * Runs the production build (`next start`) against `databaseUrl`, as a real app instance: it migrates,
 * starts its job workers (unless `runJobs` is false) and serves. With `processes`, it runs that many
 * under `npm start`'s cluster primary instead, with one job worker beside them, as `npm start` does.
 * Resolves once /api/health answers 200.
 */
export async function startApp(
  databaseUrl: string,
  { port, processes, runJobs = true }: { port?: number; processes?: number; runJobs?: boolean } = {},
): Promise<App> {
  const root = process.cwd();
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("There is no production build: run `next build` first (npm test does).");
  }
  const chosen = port ?? (await freePort());
  const nextArgs = ["start", "--port", String(chosen), "--hostname", "127.0.0.1"];
  const instance = spawnInstance(
    processes === undefined ? bin("next") : bin("tsx"),
    processes === undefined ? nextArgs : ["scripts/app-cluster.ts", String(processes), "1", ...nextArgs],
    databaseUrl,
    runJobs,
  );
  const app: App = { ...instance, url: `http://127.0.0.1:${chosen}`, port: chosen };
  const healthy = async () => (await fetch(`${app.url}/api/health`).catch(() => undefined))?.status === 200;
  await readyOrKilled(app, healthy, "app");
  return app;
}

/** Runs `npm run worker`'s script against `databaseUrl`: a process that only works the job queue. Resolves once it does. */
export async function startWorker(databaseUrl: string): Promise<Instance> {
  const worker = spawnInstance(bin("tsx"), ["--conditions=react-server", jobWorkerScript], databaseUrl, true);
  await readyOrKilled(worker, async () => worker.output().includes("working the job queue"), "job worker");
  return worker;
}

export type Answer = { status: number; body: Record<string, unknown>; retryAfter: string | null };

export type HostCall = { method: "GET" | "POST" | "PUT"; path: string; body?: unknown };

/** The host backend's side of /api/v1 with `key`. A call the app never answers (it died) rejects. */
export function hostClient(app: { url: string }, key: string) {
  return async ({ method, path: route, body }: HostCall): Promise<Answer> => {
    const response = await fetch(`${app.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      retryAfter: response.headers.get("retry-after"),
    };
  };
}

export type HostClient = ReturnType<typeof hostClient>;
