import cluster, { type Worker } from "node:cluster";
import { createRequire } from "node:module";

/**
 * `tsx scripts/app-cluster.ts COUNT ARGS…`: runs COUNT `next ARGS…` processes that share one port
 * through Node's cluster module, which hands each new connection to the next process in turn. A
 * process that is killed, or that fails after it has run a while, is replaced; one that exits with an
 * error within `startupMs` of starting stops them all, since a bad configuration (Next.js listens
 * before it checks one) or a taken port would end every replacement too. SIGTERM and SIGINT stop them all, each finishing its requests first.
 */

const [count, ...nextArgs] = process.argv.slice(2);
const wanted = Number(count);
const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Set by `npm run bench -- --cpu-prof`: each app server writes its CPU profile there as it exits. */
const profileDirectory = process.env.APP_CPU_PROFILE_DIR;
const execArgv = profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : [];

cluster.setupPrimary({ exec: nextCli, args: nextArgs, execArgv });

const startupMs = 10_000;
const startedAt = new WeakMap<Worker, number>();
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
}

cluster.on("fork", (worker) => startedAt.set(worker, Date.now()));
cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  // Next.js exits with 128 + the signal's number when a signal stops it.
  const failed = signal === null && code > 0 && code < 128;
  if (failed && Date.now() - (startedAt.get(worker) ?? 0) < startupMs) {
    console.error(`App server ${worker.process.pid} stopped while starting (exit ${code}).`);
    stopAll(code);
    return;
  }
  console.error(`App server ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another.`);
  cluster.fork();
});

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stopAll(0));
for (let i = 0; i < wanted; i++) cluster.fork();
