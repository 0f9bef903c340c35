import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "@/db/embedded";
import { bin } from "@/scripts/lifecycle";

export type App = {
  url: string;
  port: number;
  pid: number;
  /** The last lines the server printed, for a failure's message. */
  output: () => string;
  /** Whether the process is still running. */
  running: () => boolean;
  /** Sends `signal` and waits for the process to end. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
};

const authSecret = randomBytes(32).toString("base64url");
const linesKept = 60;
const readyWithinMs = 90_000;

/**
 * Runs the production build (`next start`) against `databaseUrl`, as a real app instance: it migrates,
 * starts its job workers and serves. With `processes`, it runs that many under `npm start`'s cluster
 * primary instead. Resolves once /api/health answers 200.
 */
export async function startApp(
  databaseUrl: string,
  { port, processes }: { port?: number; processes?: number } = {},
): Promise<App> {
  const root = process.cwd();
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("There is no production build: run `next build` first (npm test does).");
  }
  const chosen = port ?? (await freePort());
  const nextArgs = ["start", "--port", String(chosen), "--hostname", "127.0.0.1"];
  const child = spawn(
    processes === undefined ? bin("next") : bin("tsx"),
    processes === undefined ? nextArgs : ["scripts/app-cluster.ts", String(processes), ...nextArgs],
    {
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
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, lines.length - linesKept);
  };
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const app: App = {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    pid: child.pid!,
    output: () => lines.join("\n"),
    running,
    kill: async (signal) => {
      if (running()) child.kill(signal);
      await exited;
    },
  };

  for (const started = Date.now(); Date.now() - started < readyWithinMs;) {
    if (!running()) throw new Error(`The app exited while starting. It printed:\n${app.output()}`);
    const health = await fetch(`${app.url}/api/health`).catch(() => undefined);
    if (health?.status === 200) return app;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await app.kill("SIGKILL");
  throw new Error(`The app did not become healthy within ${readyWithinMs / 1000} s. It printed:\n${app.output()}`);
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
