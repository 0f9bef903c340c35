import { spawn, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { createRequire } from "node:module";
import { jobWorkerScript } from "./process-tree";

/**
 * `tsx scripts/app-cluster.ts SERVERS JOB_WORKERS ARGS…`: runs SERVERS `next ARGS…` processes that share
 * one port through Node's cluster module, which hands each new connection to the next process in turn,
 * and JOB_WORKERS job workers (`scripts/worker.ts`) in Linux's idle scheduling class, so that background
 * work such as quality checks waits for the requests on a busy machine instead of slowing them. With job
 * workers the servers run no jobs themselves (RUN_JOBS=false); with none, each server runs them.
 *
 * A process that is killed, or that fails after it has run a while, is replaced; one that exits with an
 * error within `startupMs` of starting stops them all, since a bad configuration (Next.js listens
 * before it checks one) or a taken port would end every replacement too. SIGTERM and SIGINT stop them
 * all, each finishing its work first.
 */

const [servers, jobWorkers, ...nextArgs] = process.argv.slice(2);
const serverCount = Number(servers);
const jobWorkerCount = Number(jobWorkers);
const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Set by `npm run bench -- --cpu-prof`: each process writes its CPU profile there as it exits. */
const profileDirectory = process.env.APP_CPU_PROFILE_DIR;
const execArgv = profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : [];

cluster.setupPrimary({ exec: nextCli, args: nextArgs, execArgv });

const startupMs = 10_000;
let stopping = false;
const jobWorkerProcesses = new Set<ChildProcess>();

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const server of Object.values(cluster.workers ?? {})) server?.process.kill("SIGTERM");
  for (const worker of jobWorkerProcesses) worker.kill("SIGTERM");
}

type Ended = { pid: number | undefined; code: number | null; signal: string | null };

/** Replaces a process that ended, or stops them all when it failed while starting. */
function onEnded(what: string, startedAt: number, { pid, code, signal }: Ended, replace: () => void) {
  if (stopping) return;
  // Node and Next.js exit with 128 + the signal's number when a signal stops them.
  const failed = signal === null && code !== null && code > 0 && code < 128;
  if (failed && Date.now() - startedAt < startupMs) {
    console.error(`${what} ${pid} stopped while starting (exit ${code}).`);
    stopAll(code);
    return;
  }
  console.error(`${what} ${pid} stopped (${signal ?? `exit ${code}`}); starting another.`);
  replace();
}

function startServer() {
  const startedAt = Date.now();
  const server = cluster.fork(jobWorkerCount > 0 ? { RUN_JOBS: "false" } : {});
  server.once("exit", (code, signal) =>
    onEnded("App server", startedAt, { pid: server.process.pid, code, signal }, startServer),
  );
}

function startJobWorker() {
  const startedAt = Date.now();
  const worker = spawn(
    // Linux's idle scheduling class (chrt, from util-linux): a job worker's threads run on the CPU time that
    // the servers, PostgreSQL and everything else leave, so a busy machine answers its requests first and
    // works off the checks and deliveries when the burst is over.
    "chrt",
    ["--idle", "0", process.execPath, ...execArgv, "--conditions=react-server", "--import", "tsx", jobWorkerScript],
    { stdio: "inherit" },
  );
  jobWorkerProcesses.add(worker);
  worker.once("error", (error) => {
    console.error(`Could not start a job worker: ${error.message}`);
    stopAll(127);
  });
  worker.once("exit", (code, signal) => {
    jobWorkerProcesses.delete(worker);
    onEnded("Job worker", startedAt, { pid: worker.pid, code, signal }, startJobWorker);
  });
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stopAll(0));
for (let i = 0; i < serverCount; i++) startServer();
for (let i = 0; i < jobWorkerCount; i++) startJobWorker();
