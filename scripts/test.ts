import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { seedDatabase } from "@/db/seed";
import { createDatabase, testServer, uniqueName } from "@/tests/setup/server";
import { bin, onExit, run, start } from "./lifecycle";
import { pgbouncerInstalled, pgbouncerMissing, startPgBouncer } from "./pgbouncer";

/**
 * Everything `npm test` checks, in order (the first three side by side), stopping at the first failure.
 * Arguments pick a subset:
 * `typecheck`, `lint`, `format` (Prettier's check), `vitest` (unit and integration tests), `e2e`
 * (next build, then Playwright) and `faults` (next build, then the fault tests: app servers killed, their
 * database connections cut, two of them on one database, PostgreSQL restarted under them, npm start's
 * processes on one port). The last line printed is the total: "N passed, N failed", where a
 * step that fails without test results counts as one.
 *
 * `pgbouncer`, only when asked for, runs the integration tests again with the app's pool behind PgBouncer
 * in transaction pooling mode (`npm run test:pgbouncer`), as in production behind a pooler.
 */

const defaultSteps = ["typecheck", "lint", "format", "vitest", "e2e", "faults"];
const allSteps = [...defaultSteps, "pgbouncer"];

type Counts = { passed: number; failed: number; skipped: number };
type Result = { ok: boolean; counts?: Counts };
type Outcome = Result & { name: string; seconds: number };

const outcomes: Outcome[] = [];

run(main, { onSignal: 130 });

async function main(): Promise<number> {
  const wanted = new Set(process.argv.slice(2));
  const unknown = [...wanted].filter((step) => !allSteps.includes(step));
  if (unknown.length > 0) {
    console.error(`Unknown step ${unknown.join(", ")}; the steps are ${allSteps.join(", ")}.`);
    return 2;
  }
  const runs = (step: string) => (wanted.size === 0 ? defaultSteps.includes(step) : wanted.has(step));
  onExit(printSummary);

  // Nothing here may reach the developer's own database, nor report telemetry from a test run. The
  // tests make generations with the demo AI service, which a DATABASE_URL would otherwise switch off.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: undefined,
    DATABASE_DIRECT_URL: undefined,
    NEXT_TELEMETRY_DISABLED: "1",
    DEMO_MODE: "true",
  };
  // The static checks share no files they write, so they run side by side, one on each core.
  const checks: [string, () => Promise<Result>][] = [
    ["typecheck", () => typecheck(env)],
    ["lint", () => command("npm", ["run", "-s", "lint"], env)],
    ["format", () => command(bin("prettier"), ["--check", "."], env)],
  ];
  const checked = await Promise.all(checks.filter(([name]) => runs(name)).map(([name, work]) => step(name, work)));
  if (checked.includes(false)) return 1;
  if (!["vitest", "pgbouncer", "e2e", "faults"].some(runs)) return 0;
  // Before any server starts, so that a machine without PgBouncer hears it at once.
  if (runs("pgbouncer") && !(await pgbouncerInstalled())) {
    await step("pgbouncer", async () => {
      console.error(pgbouncerMissing);
      return { ok: false };
    });
    return 1;
  }

  const reports = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-reports-"));
  onExit(() => fs.rm(reports, { recursive: true, force: true }));
  console.log(process.env.TEST_DATABASE_URL ? "Using TEST_DATABASE_URL's server." : "Starting a throwaway PostgreSQL…");
  const prefix = uniqueName("makegood_test");
  const server = await testServer(prefix);
  onExit(server.release);
  const onServer = { ...env, TEST_DATABASE_URL: server.url, TEST_DATABASE_DIRECT_URL: server.directUrl };

  if (runs("vitest")) {
    const ok = await step("vitest", () =>
      vitest({ ...onServer, TEST_DATABASE_PREFIX: prefix }, path.join(reports, "vitest.json")),
    );
    if (!ok) return 1;
  }
  if (runs("pgbouncer")) {
    const ok = await step("pgbouncer", () => throughPgBouncer(server.directUrl, env, prefix, reports));
    if (!ok) return 1;
  }
  if (!runs("e2e") && !runs("faults")) return 0;

  const app = { ...env, AUTH_SECRET: randomBytes(32).toString("base64url"), AUTH_TRUST_HOST: "true" };
  const build: NodeJS.ProcessEnv = { ...app, NODE_ENV: "production", MAKEGOOD_TYPECHECKED: String(runs("typecheck")) };
  if (!(await step("build", () => command(bin("next"), ["build"], build)))) return 1;
  if (runs("e2e")) {
    const ok = await step("playwright", async () => {
      const url = await createDatabase(server.url, `${prefix}_e2e`);
      await migrateDatabase(url);
      await seedDatabase(url);
      const port = String(await freePort(3100));
      return playwright({ ...app, DATABASE_URL: url, E2E_PORT: port }, path.join(reports, "playwright.json"));
    });
    if (!ok) return 1;
  }
  if (runs("faults")) {
    const ok = await step("faults", () =>
      vitest(
        { ...onServer, TEST_DATABASE_PREFIX: `${prefix}_faults` },
        path.join(reports, "faults.json"),
        "vitest.faults.config.ts",
      ),
    );
    if (!ok) return 1;
  }
  return 0;
}

async function step(name: string, work: () => Promise<Result>): Promise<boolean> {
  console.log(`\n▶ ${name}`);
  const started = performance.now();
  const result = await work().catch((error: unknown): Result => {
    console.error(error);
    return { ok: false };
  });
  outcomes.push({ name, ...result, seconds: (performance.now() - started) / 1000 });
  if (!result.ok) console.error(`✗ ${name} failed`);
  return result.ok;
}

async function command(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return { ok: (await start(program, args, env).exited) === 0 };
}

/** Next's generated route types (PageProps and the like) do not exist in a fresh clone until typegen writes them. */
async function typecheck(env: NodeJS.ProcessEnv): Promise<Result> {
  const generated = await command(bin("next"), ["typegen"], env);
  return generated.ok ? command(bin("tsc"), ["--noEmit"], env) : generated;
}

/**
 * The integration tests with TEST_DATABASE_URL on PgBouncer (transaction pooling) in front of the test
 * server: each test file's app pool goes through it, and its sessions (migrations, the job queue) and the
 * databases' creation go to the server directly.
 */
async function throughPgBouncer(
  directUrl: string,
  env: NodeJS.ProcessEnv,
  prefix: string,
  reports: string,
): Promise<Result> {
  const bouncer = await startPgBouncer(directUrl);
  try {
    const result = await vitest(
      {
        ...env,
        TEST_DATABASE_URL: bouncer.url,
        TEST_DATABASE_DIRECT_URL: directUrl,
        TEST_DATABASE_PREFIX: `${prefix}_pgbouncer`,
      },
      path.join(reports, "pgbouncer.json"),
      "vitest.config.ts",
      ["tests/integration"],
    );
    if (!result.ok) console.error(`\nPgBouncer's log ends with:\n${bouncer.log() || "(nothing)"}`);
    return result;
  } finally {
    await bouncer.stop();
  }
}

async function vitest(
  env: NodeJS.ProcessEnv,
  report: string,
  config = "vitest.config.ts",
  filters: string[] = [],
): Promise<Result> {
  const args = [
    "run",
    `--config=${config}`,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...filters,
  ];
  const code = await start(bin("vitest"), args, env).exited;
  const json = await readReport<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>(report);
  return {
    ok: code === 0,
    counts: json && {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
    },
  };
}

async function playwright(env: NodeJS.ProcessEnv, report: string): Promise<Result> {
  const code = await start(bin("playwright"), ["test"], { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: report }).exited;
  const json = await readReport<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    report,
  );
  return {
    ok: code === 0,
    counts: json && {
      passed: json.stats.expected + json.stats.flaky,
      failed: json.stats.unexpected,
      skipped: json.stats.skipped,
    },
  };
}

async function readReport<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function printSummary() {
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  console.log("\nSummary");
  for (const { name, ok, counts, seconds } of outcomes) {
    const tests = counts ? `  ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : "";
    console.log(`  ${ok ? "✓" : "✗"} ${name.padEnd(10)} ${seconds.toFixed(1).padStart(6)}s${tests}`);
    total.passed += counts?.passed ?? 0;
    total.skipped += counts?.skipped ?? 0;
    total.failed += !ok && !counts?.failed ? 1 : (counts?.failed ?? 0);
  }
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
}
