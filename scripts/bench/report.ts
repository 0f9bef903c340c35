import fs from "node:fs/promises";
import path from "node:path";
import type { Measurement } from "./measure";

export type Row = Measurement & {
  name: string;
  /**
   * "sql": the domain functions called from the benchmark itself, the ceiling; "http ×N": the app on N
   * processes; "web ×1": one that runs no jobs.
   */
  via: string;
  connections: number;
  /** Events a call carries: 1, or the size of a batch. Rates and CPU are then per event. */
  eventsPerCall: number;
};

export type Run = {
  date: string;
  quick: boolean;
  secondsPerMeasurement: number;
  /** The job workers beside the app's servers. */
  jobWorkers: number;
  machine: { cpus: number; loadAverage: number[] };
  rows: Row[];
};

const keyOf = (row: Row) => `${row.name} ${row.via} ${row.connections}`;
const rateOf = (row: Row) => row.perSecond * row.eventsPerCall;
const perEvent = (row: Row, ms: number | null) => (ms === null ? null : ms / row.eventsPerCall);
const cpuOf = (row: Row) => perEvent(row, row.cpuMsPerCall);

function fixed(value: number | null, digits: number): string {
  return value === null || Number.isNaN(value) ? "–" : value.toLocaleString("en", { maximumFractionDigits: digits });
}

function change(now: number | null, before: number | null | undefined): string {
  if (now === null || before === null || before === undefined || before === 0) return "";
  const percent = Math.round((now / before - 1) * 100);
  return `${percent > 0 ? "+" : ""}${percent}%`;
}

const columns = [
  ["call", 22],
  ["via", 8],
  ["per second", 11],
  ["p50 ms", 10],
  ["p95 ms", 10],
  ["p99 ms", 10],
  ["CPU ms", 9],
  ["jobs ms", 9],
  ["÷ ceiling", 11],
  ["errors", 8],
  ["Δ per s", 9],
  ["Δ CPU", 8],
] as const;

const latency = (ms: number) => fixed(ms, ms >= 100 ? 0 : 1);

function line(cells: string[]): string {
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(columns[i]![1]) : cell.padStart(columns[i]![1]))).join("");
}

/** The table of one concurrency, each HTTP row beside its ceiling, with the change since `previous`. */
export function table(rows: Row[], connections: number, previous?: Run): string {
  const before = new Map(previous?.rows.map((row) => [keyOf(row), row]));
  const here = rows.filter((row) => row.connections === connections);
  const ceilings = new Map(here.filter((row) => row.via === "sql").map((row) => [row.name, row]));
  const body = here.map((row) => {
    const ceiling = row.via === "sql" ? undefined : ceilings.get(row.name);
    const last = before.get(keyOf(row));
    return line([
      row.eventsPerCall > 1 ? `${row.name} (per event)` : row.name,
      row.via,
      fixed(rateOf(row), 0),
      latency(row.p50),
      latency(row.p95),
      latency(row.p99),
      fixed(cpuOf(row), 2),
      row.via === "sql" ? "" : fixed(perEvent(row, row.jobsCpuMsPerCall), 2),
      ceiling ? `${fixed((rateOf(row) / rateOf(ceiling)) * 100, 0)}%` : "",
      row.errors ? String(row.errors) : "",
      last ? change(rateOf(row), rateOf(last)) : "",
      last ? change(cpuOf(row), cpuOf(last)) : "",
    ]);
  });
  return [`${connections} connections`, line(columns.map(([title]) => title)), ...body].join("\n");
}

export const notes = [
  "per second: calls answered with success per second (events for the batch); latency of those calls.",
  "CPU ms: user + system CPU per call; for http the app's processes (background jobs the calls caused",
  "  included), for sql the benchmark process running the same domain functions without HTTP.",
  "jobs ms: the part of CPU ms spent in the app's job workers; the rest is the servers' work on the calls.",
  "http ×N: the production app on N server processes sharing the port (npm start's WEB_CONCURRENCY),",
  "  with npm start's job workers beside them (JOB_WORKERS, by default one, running on idle CPU only).",
  "web ×1: one server that runs no jobs and has no job worker beside it (RUN_JOBS=false), as a web instance",
  "  runs when the job workers are on other machines: the calls alone, their outputs' checks left waiting.",
  "÷ ceiling: the HTTP rate as a share of the same work sent straight to PostgreSQL.",
  "succeed's check: the quality check the app's workers make of each success, alone: the successes are",
  "  reported straight to PostgreSQL from here; CPU is the app's, latency from the success to the recorded check.",
  "  Its sql row is the inspection of the same file in this process: no queue, fetch or statement.",
];

/** The run that `save` last wrote to `directory`, if any. */
export function previousRun(directory: string): Promise<Run | undefined> {
  return fs
    .readFile(path.join(directory, "latest.json"), "utf8")
    .then((text) => JSON.parse(text) as Run)
    .catch(() => undefined);
}

/** Writes the run as `<timestamp>.json` and as `latest.json`, for the next run to compare with; resolves with the first. */
export async function save(run: Run, directory: string): Promise<string> {
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, `${run.date.replace(/[:.]/g, "-")}.json`);
  const text = `${JSON.stringify(run, null, 2)}\n`;
  await fs.writeFile(file, text);
  await fs.writeFile(path.join(directory, "latest.json"), text);
  return file;
}
