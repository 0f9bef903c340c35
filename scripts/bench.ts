import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, db } from "@/db/client";
import { freePort, startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { demoPassword, demoUsers, seedDatabase } from "@/db/seed";
import { createApiKey } from "@/lib/api/api-keys";
import { parseConfig } from "@/lib/config";
import { failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { customerBalance } from "@/lib/ledger/accounts";
import { inspectOutput } from "@/lib/quality/inspect";
import { submitRefundRequest } from "@/lib/refunds/service";
import {
  applyWireEvents,
  batchEvents,
  checksDone,
  customerIds,
  drainJobs,
  generationsToUse,
  newGeneration,
  registerCustomers,
  signIn,
  startBody,
  startOutputServer,
  type OutputServer,
  type Subject,
} from "./bench/fixtures";
import {
  appCpuMs,
  appCpuSince,
  measureBackground,
  measureDirect,
  measureHttp,
  type AppCpu,
  type Done,
  type HttpCall,
  type Limits,
  type Measurement,
} from "./bench/measure";
import { monotonicMicroseconds, profileTable, summarizeProfiles, type Window } from "./bench/profile";
import { notes, previousRun, save, table, type Row, type Run } from "./bench/report";
import { bin, onExit, run, start } from "./lifecycle";
import { answers, ensureBuild } from "./serve";

/**
 * `npm run bench [-- --quick] [-- --only start,balance] [-- --cpu-prof]`: builds the app if its build is missing or stale, starts a fresh
 * PostgreSQL and the production app on it, and measures each call at 16 and 64 connections, over HTTP
 * and, for the calls that write or read money, as the same domain functions called straight from here
 * (the ceiling). Prints the tables and writes them to .data/bench/. Figures, never a test.
 */

const quick = process.argv.includes("--quick");
/** `--only NAME,NAME`: the calls whose names start with one of these, to look at a few closely. */
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? null : (process.argv[onlyAt + 1] ?? "").toLowerCase().split(",");
const selected = (scenario: Scenario) => !only || only.some((name) => scenario.name.toLowerCase().startsWith(name));
/** `--cpu-prof`: the app's processes write CPU profiles, summarized by package and folder after each app run. */
const profiling = process.argv.includes("--cpu-prof");
/** Seconds per measurement; about 30 of them make a run of 3 to 5 minutes. */
const seconds = quick ? 2 : 5;
const concurrencies = [16, 64];
/** Beside the servers, as `npm start` runs them: JOB_WORKERS, by default one. */
const { jobWorkers } = parseConfig(process.env);

type Layout = {
  label: string;
  servers: number;
  jobWorkers: number;
  /** False: nothing runs the background jobs, as on a web instance whose job workers run elsewhere. */
  runsJobs: boolean;
  measures: (scenario: Scenario) => boolean;
};

/**
 * The app on one process, then on one per core, as `npm start` runs it; then, for the calls that report
 * outputs, one server as a web instance runs when the job workers are on other machines (RUN_JOBS=false and
 * none beside it), so that those calls are measured without their checks sharing the cores.
 */
const layouts: Layout[] = [
  ...[...new Set([1, os.availableParallelism()])].map((servers) => ({
    label: `http ×${servers}`,
    servers,
    jobWorkers,
    runsJobs: true,
    measures: selected,
  })),
  {
    label: "web ×1",
    servers: 1,
    jobWorkers: 0,
    runsJobs: false,
    measures: (scenario) => "http" in scenario && scenario.reportsOutputs === true && selected(scenario),
  },
];
const generationsPerBatch = 50;
/** At most this many calls, or a measurement's seconds, warm each call up before it is first measured. */
const warmUpCalls = quick ? 200 : 2000;
/** Enough customers that two concurrent calls rarely wait for the same customer's lock. */
const customerCount = quick ? 200 : 1000;
const resultsDirectory = path.join(process.cwd(), ".data", "bench");

const details = "The colours in the result do not match the product at all.";

type Call = (subject: (i: number) => Subject) => (i: number) => Promise<unknown>;

type Scenario = {
  name: string;
  /** The generations each call consumes, one per call, prepared before it is measured. */
  uses?: "running" | "succeeded";
  eventsPerCall?: number;
  /** Its calls report outputs, whose quality checks the job workers then make. */
  reportsOutputs?: true;
  direct?: Call;
} & (
  | { http: (subject: (i: number) => Subject) => HttpCall }
  /** Work the app's job workers do, caused by calls made straight from here; measured as the app's CPU. */
  | { background: { cause: Call; done: (since: Date) => Promise<Done> } }
);

function scenarios(
  apiKey: string,
  { url: outputUrl, bytes: outputBytes }: Omit<OutputServer, "close">,
  cookies: { customer: string; agent: string },
): Scenario[] {
  const host = { authorization: `Bearer ${apiKey}` };
  const customer = (i: number) => customerIds[i % customerIds.length]!;
  const report = (subject: Subject) => ({
    generationId: subject.id,
    customerId: subject.customerId,
    reason: "artifacts" as const,
    details,
  });
  const succeed: Call = (subject) => (i) => succeedGeneration(subject(i).id, outputUrl);
  return [
    {
      name: "start",
      http: () => ({
        method: "POST",
        path: () => "/api/v1/generations",
        headers: host,
        body: () => startBody(newGeneration()),
      }),
      direct: () => () => startGeneration(startBody(newGeneration())),
    },
    {
      name: "succeed",
      uses: "running",
      reportsOutputs: true,
      http: (subject) => ({
        method: "POST",
        path: (i) => `/api/v1/generations/${subject(i).id}/succeed`,
        headers: host,
        body: () => ({ outputUrl }),
      }),
      direct: succeed,
    },
    {
      // What a success costs after its answer: fetching the output and measuring it, in the app's workers.
      name: "succeed's check",
      uses: "running",
      background: { cause: succeed, done: checksDone },
      direct: () => () => inspectOutput(outputBytes, null),
    },
    {
      name: "fail",
      uses: "running",
      http: (subject) => ({
        method: "POST",
        path: (i) => `/api/v1/generations/${subject(i).id}/fail`,
        headers: host,
        body: () => ({ errorCode: "gpu_out_of_memory" }),
      }),
      direct: (subject) => (i) => failGeneration(subject(i).id, { errorCode: "gpu_out_of_memory" }),
    },
    {
      name: "Bad result report",
      uses: "succeeded",
      http: (subject) => ({
        method: "POST",
        path: () => "/api/v1/refund-requests",
        headers: host,
        body: (i) => report(subject(i)),
      }),
      direct: (subject) => (i) => submitRefundRequest({ ...report(subject(i)), source: "api", actorId: null }),
    },
    {
      name: "balance",
      http: () => ({ method: "GET", path: (i) => `/api/v1/customers/${customer(i)}/balance`, headers: host }),
      direct: () => (i) => customerBalance(db, customer(i)),
    },
    {
      name: "batch",
      eventsPerCall: generationsPerBatch * 2,
      reportsOutputs: true,
      http: () => ({
        method: "POST",
        path: () => "/api/v1/generations/batch",
        headers: host,
        body: () => ({ events: batchEvents(generationsPerBatch, outputUrl) }),
      }),
      direct: () => () => applyWireEvents(batchEvents(generationsPerBatch, outputUrl)),
    },
    { name: "ping (does nothing)", http: () => ({ method: "GET", path: () => "/api/ping" }) },
    { name: "gallery page", http: () => ({ method: "GET", path: () => "/", headers: { cookie: cookies.customer } }) },
    {
      name: "support queue",
      http: () => ({ method: "GET", path: () => "/support", headers: { cookie: cookies.agent } }),
    },
  ];
}

function emailOf(role: "customer" | "agent"): string {
  const user = demoUsers.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`The demo data has no ${role}.`);
  return user.email;
}

const calmWindowMs = 500;

/** The app's CPU milliseconds over one window. */
async function cpuOverWindow(appCpu: AppCpu): Promise<number> {
  const before = await appCpu();
  await new Promise((resolve) => setTimeout(resolve, calmWindowMs));
  return (await appCpuSince(appCpu, before)).total;
}

/**
 * The app's CPU milliseconds over a window while nothing is asked of it: the least of a few windows.
 * It is not nothing: the job worker looks for work, and under `--cpu-prof` each process's profiler
 * samples its threads.
 */
async function restingCpu(appCpu: AppCpu): Promise<number> {
  let least = Infinity;
  for (let window = 0; window < 6; window += 1) least = Math.min(least, await cpuOverWindow(appCpu));
  return least;
}

/** Waits until the app's CPU time grows by less than a tenth of a core more than at rest, or for a minute at most. */
async function idle(appCpu: AppCpu, resting: number) {
  for (let waited = 0; waited < 60_000; waited += calmWindowMs) {
    if ((await cpuOverWindow(appCpu)) < resting + calmWindowMs / 10) return;
  }
}

/** Fails early, and clearly, when a signed-in page redirects (to the login page) instead of rendering. */
async function assertRenders(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status} to a signed-in session.`);
}

async function main(): Promise<number> {
  const loadAtStart = os.loadavg();
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "makegood-bench-"));
  onExit(() => fs.rm(scratch, { recursive: true, force: true }));
  // Run as root, PostgreSQL runs as the postgres user, which must be able to enter the directory.
  await fs.chmod(scratch, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_TRUST_HOST: "true",
    // The outputs that successes report are served from this machine, for the quality worker to fetch.
    ALLOW_PRIVATE_URLS: "true",
    DATA_DIR: path.join(scratch, "data"),
  };
  const built = await ensureBuild(env);
  if (built !== 0) return built;

  console.log("Starting a fresh PostgreSQL, migrating and seeding it…");
  const database = await startEmbeddedPostgres({ dataDir: path.join(scratch, "postgres") });
  onExit(database.stop);
  // This process calls the domain functions too, on the app's pool settings: before anything reads the config.
  // The fresh server is reached directly, whatever DATABASE_DIRECT_URL the caller's environment holds.
  process.env.DATABASE_URL = database.url;
  delete process.env.DATABASE_DIRECT_URL;
  process.env.DATA_DIR = env.DATA_DIR;
  onExit(closeDb);
  await migrateDatabase(database.url);
  await seedDatabase(database.url);
  await registerCustomers(customerCount);
  const { key } = await createApiKey("benchmark");
  const outputs = await startOutputServer();
  onExit(outputs.close);

  const rows: Row[] = [];
  const runName = new Date().toISOString().replace(/[:.]/g, "-");
  const profileSummaries: string[] = [];
  /** Calls per second of `start`, by how it was measured: the size of what the consuming calls need. */
  const startRates = new Map<string, number>();
  const warmed = new Set<string>();

  /** Measures each scenario at each concurrency: warmed up first, with the generations it consumes made beforehand. */
  const measureAll = async (
    list: Scenario[],
    label: string,
    measure: (scenario: Scenario, subject: (i: number) => Subject, limits: Limits) => Promise<Measurement>,
    settle: () => Promise<void>,
    measuring?: Window[],
  ) => {
    for (const connections of concurrencies) {
      for (const scenario of list) {
        const once = async (limits: Limits, timed?: Window[]) => {
          // Without a measured start to go by, enough for the fastest of them to last the measurement.
          const hint = startRates.get(`${label} ${limits.connections}`) ?? 500;
          // autocannon refuses fewer calls than connections.
          const wanted = limits.calls ?? Math.max(Math.ceil(hint * limits.seconds * 1.5), 4 * limits.connections);
          // One spare per connection: autocannon prepares each connection's next request before sending it.
          const subjects = scenario.uses
            ? await generationsToUse(scenario.uses, wanted + limits.connections, outputs.url)
            : [];
          await settle();
          const subject = (i: number) => subjects[Math.min(i, subjects.length - 1)]!;
          const from = monotonicMicroseconds();
          const measured = await measure(
            scenario,
            subject,
            scenario.uses ? { ...limits, calls: subjects.length - limits.connections } : limits,
          );
          timed?.push({ from, to: monotonicMicroseconds() });
          return measured;
        };
        // The first calls load code and open connections, and for seconds V8 keeps compiling the hot code
        // on threads whose CPU the measurement would count: after one second of calls, a start on one
        // process took twice the CPU it settled at after six. None of that is what is being measured.
        if (!warmed.has(`${scenario.name} ${label}`)) {
          await once({ connections, seconds, calls: warmUpCalls });
          warmed.add(`${scenario.name} ${label}`);
        }
        const measured = await once({ connections, seconds }, measuring);
        if (scenario.name === "start") startRates.set(`${label} ${connections}`, measured.perSecond);
        rows.push({
          ...measured,
          name: scenario.name,
          via: label,
          connections,
          eventsPerCall: scenario.eventsPerCall ?? 1,
        });
        console.log(
          `  ${connections} × ${scenario.name} (${label}): ${measured.perSecond.toFixed(0)}/s` +
            (measured.errors ? `, ${measured.errors} errors, first: ${measured.firstError}` : ""),
        );
      }
    }
  };

  console.log(`Measuring for ${seconds} s each${quick ? " (--quick)" : ""}.`);
  // The ceilings go first, while no app runs: its job workers would otherwise check the outputs of the
  // successes measured here, on the cores the ceiling is measured on.
  await measureAll(
    // Pages have no ceiling, so these need no session.
    scenarios(key, outputs, { customer: "", agent: "" }).filter((scenario) => scenario.direct && selected(scenario)),
    "sql",
    (scenario, subject, limits) => measureDirect(scenario.direct!(subject), limits),
    async () => {},
  );

  for (const layout of layouts) {
    if (!scenarios(key, outputs, { customer: "", agent: "" }).some(layout.measures)) continue;
    const { servers, jobWorkers: workers, runsJobs } = layout;
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    console.log(
      `Starting the production app at ${baseUrl} on ${servers} process${servers > 1 ? "es" : ""}` +
        (runsJobs ? ` and ${workers} job worker${workers === 1 ? "" : "s"}…` : " that runs no jobs…"),
    );
    const nextArgs = ["start", "--port", String(port), "--hostname", "127.0.0.1"];
    const profiles = path.join(resultsDirectory, "profiles", runName, layout.label.replace(/\W+/g, "-"));
    const app = start(bin("tsx"), ["scripts/app-cluster.ts", String(servers), String(workers), ...nextArgs], {
      ...env,
      DATABASE_URL: database.url,
      DATABASE_DIRECT_URL: undefined,
      APP_CPU_PROFILE_DIR: profiling ? profiles : undefined,
      RUN_JOBS: runsJobs ? undefined : "false",
    });
    const appPid = app.pid;
    if (appPid === undefined || !(await answers(`${baseUrl}/api/ping`, app))) {
      console.error("The app did not start.");
      return 1;
    }
    const cookies = {
      customer: await signIn(baseUrl, emailOf("customer"), demoPassword),
      agent: await signIn(baseUrl, emailOf("agent"), demoPassword),
    };
    await assertRenders(`${baseUrl}/`, cookies.customer);
    await assertRenders(`${baseUrl}/support`, cookies.agent);
    const appCpu: AppCpu = () => appCpuMs(appPid);
    const resting = await restingCpu(appCpu);
    // A run stops with calls in flight, which the app still finishes: they must not slow the next run.
    const settle = async () => {
      if (runsJobs) await drainJobs();
      await idle(appCpu, resting);
    };
    const measuring: Window[] = [];
    await measureAll(
      scenarios(key, outputs, cookies).filter(layout.measures),
      layout.label,
      (scenario, subject, limits) =>
        "http" in scenario
          ? measureHttp(baseUrl, scenario.http(subject), limits, appCpu, settle)
          : measureBackground(scenario.background.cause(subject), limits, appCpu, settle, scenario.background.done),
      settle,
      measuring,
    );
    await app.stop();
    if (profiling) {
      // Kept beside the profiles, for looking into them later over the same spans.
      await fs.writeFile(path.join(profiles, "measured.json"), JSON.stringify(measuring));
      const { byPlace, byFunction } = await summarizeProfiles(profiles, measuring);
      profileSummaries.push(
        `${layout.label}, ${path.relative(process.cwd(), profiles)}:\n${profileTable(byPlace)}`,
        `${layout.label}, the functions that took most:\n${profileTable(byFunction, 25, 80)}`,
      );
    }
  }

  const outcomes = await db.execute<{ status: string; count: number }>(
    sql`SELECT status, count(*)::int AS count FROM refund_requests WHERE customer_id LIKE 'bench-%' GROUP BY status ORDER BY status`,
  );
  const report: Run = {
    date: new Date().toISOString(),
    quick,
    secondsPerMeasurement: seconds,
    jobWorkers,
    machine: { cpus: os.cpus().length, loadAverage: [...loadAtStart, ...os.loadavg()] },
    rows,
  };
  const previous = await previousRun(resultsDirectory);
  console.log(
    `\n${report.date}, ${report.machine.cpus} CPUs, load average ${loadAtStart[0]?.toFixed(1)} at the start` +
      (previous ? `; Δ is the change since ${previous.date}` : "") +
      "\n",
  );
  for (const connections of concurrencies) console.log(`${table(rows, connections, previous)}\n`);
  console.log(notes.join("\n"));
  if (profiling) {
    console.log(`\nThe app's CPU time while calls were measured, by where the running code came from:\n`);
    console.log(profileSummaries.join("\n\n"));
  }
  console.log(
    `"Bad result" reports: ${outcomes.map(({ status, count }) => `${count} ${status.replace("_", " ")}`).join(", ")} ` +
      `(over ${customerCount} customers; the policy's limits per customer decide the mix).`,
  );
  console.log(`\nWritten to ${path.relative(process.cwd(), await save(report, resultsDirectory))} and latest.json.`);
  return 0;
}

run(main, { onSignal: 130 });
