import { execFileSync } from "node:child_process";
import autocannon from "autocannon";
import { jobWorkerScript, processTree } from "../process-tree";

export type Measurement = {
  /** Calls answered with success: a 2xx over HTTP, a call that resolved without HTTP. */
  calls: number;
  /** Refused calls (non-2xx), connection errors, timeouts and thrown errors. */
  errors: number;
  seconds: number;
  perSecond: number;
  /** Latency of the successful calls, in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** CPU time spent per successful call; null when nothing succeeded. */
  cpuMsPerCall: number | null;
  /** The part of it spent by the app's job workers, on the background work the calls caused; null without an app. */
  jobsCpuMsPerCall: number | null;
  /** What the first failure said, to tell a broken setup from an overloaded server. */
  firstError?: string;
};

export type Limits = {
  connections: number;
  seconds: number;
  /** At most this many calls, for calls that each consume something prepared beforehand. */
  calls?: number;
};

const msPerTick = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

function percentile(sorted: number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** CPU milliseconds spent, and the part of them spent in the job workers when there is an app. */
export type CpuSpent = { total: number; jobs: number | null };

/** The app's CPU milliseconds so far: its web servers' and its job workers'. */
export type AppCpuReading = { web: number; jobs: number };

/** Reads the app's CPU, as `appCpuMs` does. */
export type AppCpu = () => Promise<AppCpuReading>;

/** The app's CPU spent since `before`. */
export async function appCpuSince(appCpu: AppCpu, before: AppCpuReading): Promise<CpuSpent> {
  const after = await appCpu();
  const jobs = after.jobs - before.jobs;
  return { total: after.web - before.web + jobs, jobs };
}

function summary(
  latencies: number[],
  errors: number,
  seconds: number,
  cpu: CpuSpent,
  firstError?: string,
): Measurement {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    calls: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    cpuMsPerCall: sorted.length > 0 ? cpu.total / sorted.length : null,
    jobsCpuMsPerCall: sorted.length > 0 && cpu.jobs !== null ? cpu.jobs / sorted.length : null,
    firstError,
  };
}

/**
 * User + system CPU of the app started as `rootPid` and every process below it, split between its job
 * workers (a process running `npm run worker`'s script, and anything below one) and the rest, its web
 * servers. A child that already exited and was waited for is in its parent's CPU, so no time is lost or
 * counted twice.
 */
export async function appCpuMs(rootPid: number): Promise<AppCpuReading> {
  const inJobs = new Set<number>();
  const ticks = { web: 0, jobs: 0 };
  for (const found of await processTree(rootPid)) {
    const jobs = inJobs.has(found.parent) || found.commandLine.includes(jobWorkerScript);
    if (jobs) inJobs.add(found.pid);
    ticks[jobs ? "jobs" : "web"] += found.cpuTicks;
  }
  return { web: ticks.web * msPerTick, jobs: ticks.jobs * msPerTick };
}

export type HttpCall = {
  method: "GET" | "POST";
  /** The path of the i-th call. */
  path: (i: number) => string;
  /** The JSON body of the i-th call. */
  body?: (i: number) => unknown;
  headers?: Record<string, string>;
};

/**
 * Calls a running app with autocannon from `connections` keep-alive connections. `cpuMs` reads the
 * server's CPU, before the calls and again after `settle` (the background work they caused).
 */
export async function measureHttp(
  baseUrl: string,
  call: HttpCall,
  limits: Limits,
  appCpu: AppCpu,
  settle: () => Promise<void>,
): Promise<Measurement> {
  let next = 0;
  const latencies: number[] = [];
  let refused = 0;
  let firstError: string | undefined;
  const cpuBefore = await appCpu();
  // autocannon ends a run of a fixed number of calls only at its next one-second tick, so its own
  // duration can be a second too long: the rate is over the time from the start to the last answer.
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const instance = autocannon({
    url: baseUrl,
    connections: limits.connections,
    timeout: 60,
    ...(limits.calls === undefined ? { duration: limits.seconds } : { amount: limits.calls }),
    requests: [
      {
        method: call.method,
        headers: { ...call.headers, ...(call.body ? { "content-type": "application/json" } : {}) },
        // Requests are prepared one ahead, so the last one prepared on each connection is never sent.
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            path: call.path(i),
            ...(call.body ? { body: JSON.stringify(call.body(i)) } : {}),
          };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    lastAnswerAt = performance.now();
    if (status >= 200 && status < 300) latencies.push(ms);
    else {
      refused += 1;
      firstError ??= `HTTP ${status}`;
    }
  });
  instance.on("reqError", (error) => (firstError ??= String(error)));
  const stopper = limits.calls === undefined ? undefined : setTimeout(() => instance.stop(), limits.seconds * 1000);
  const result = await instance.then(undefined, (error: unknown) => {
    clearTimeout(stopper);
    throw error;
  });
  clearTimeout(stopper);
  await settle();
  const cpu = await appCpuSince(appCpu, cpuBefore);
  const seconds = (lastAnswerAt - startedAt) / 1000;
  return summary(latencies, refused + result.errors, seconds, cpu, firstError);
}

type Called = { latencies: number[]; errors: number; firstError?: string; seconds: number };

/** Calls `call` from `connections` concurrent callers in this process, for the measurement's duration. */
async function callConcurrently(call: (i: number) => Promise<unknown>, limits: Limits): Promise<Called> {
  let next = 0;
  const called: Called = { latencies: [], errors: 0, seconds: 0 };
  const started = performance.now();
  const deadline = started + limits.seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline && next < (limits.calls ?? Infinity)) {
      const i = next++;
      const callStarted = performance.now();
      try {
        await call(i);
        called.latencies.push(performance.now() - callStarted);
      } catch (error) {
        called.errors += 1;
        called.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: limits.connections }, caller));
  called.seconds = (performance.now() - started) / 1000;
  return called;
}

/** The figures of the same work as an HTTP call, without HTTP. The CPU is this process's own. */
export async function measureDirect(call: (i: number) => Promise<unknown>, limits: Limits): Promise<Measurement> {
  const cpuBefore = process.cpuUsage();
  const { latencies, errors, seconds, firstError } = await callConcurrently(call, limits);
  const cpu = process.cpuUsage(cpuBefore);
  return summary(latencies, errors, seconds, { total: (cpu.user + cpu.system) / 1000, jobs: null }, firstError);
}

/** Background work that was done: how long after it was queued each piece finished, and how many failed. */
export type Done = { latencies: number[]; failed: number; seconds: number };

/**
 * Work the app does in the background, caused by `cause` called from this process (whose own CPU is not
 * counted). `cpuMs` reads the app's CPU before the first call and after `settle`, once the app's workers
 * have finished; `done` then says how the work went, for the work queued since the given time.
 */
export async function measureBackground(
  cause: (i: number) => Promise<unknown>,
  limits: Limits,
  appCpu: AppCpu,
  settle: () => Promise<void>,
  done: (since: Date) => Promise<Done>,
): Promise<Measurement> {
  const since = new Date();
  const cpuBefore = await appCpu();
  const called = await callConcurrently(cause, limits);
  await settle();
  const cpu = await appCpuSince(appCpu, cpuBefore);
  const { latencies, failed, seconds } = await done(since);
  return summary(latencies, called.errors + failed, seconds, cpu, called.firstError);
}
