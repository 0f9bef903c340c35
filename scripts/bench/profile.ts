import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { FlattenMap, originalPositionFor, type TraceMap } from "@jridgewell/trace-mapping";

/** What `node --cpu-prof` writes: a call tree, and which of its nodes each sample found on top. */
type CpuProfile = {
  /** Microseconds on the system's monotonic clock, which every process on the machine shares. */
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

type CallFrame = CpuProfile["nodes"][number]["callFrame"];

/**
 * The package a path inside node_modules belongs to, scoped ones included. drizzle-orm's own source
 * maps name its sources one folder too high, as node_modules/src/…, and it is the only package here that does.
 */
function packageOf(file: string): string | null {
  const parts = file.split("node_modules/").at(-1)?.split("/") ?? [];
  if (!file.includes("node_modules/") || parts.length < 2) return null;
  if (parts[0] === "src") return "drizzle-orm";
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** The package, or the project's own folder, or the part of Node that a source file is. */
function placeOf(source: string): string {
  if (source.startsWith("node:")) {
    const inNode = source.slice("node:".length).replace(/^internal\//, "");
    return `node:${inNode.startsWith("deps/") ? inNode.split("/")[1] : inNode.split("/")[0]}`;
  }
  if (source.startsWith("turbopack:")) return "turbopack runtime";
  const inPackage = packageOf(source);
  if (inPackage) return inPackage;
  const project = source.replace(/^.*?\/(?=(app|lib|db|components|proxy\.ts)\b)/, "");
  return project === source ? source : project.split("/").slice(0, 2).join("/");
}

/**
 * Where a frame's code came from. The app's build puts drizzle, zod and the app's own code in the same
 * chunks, so its frames go back to their sources through the build's source maps; a package loaded from
 * node_modules is known by its path. V8's own entries, and Node's native functions, have no file.
 */
function frameSources() {
  const maps = new Map<string, TraceMap | null>();
  const mapOf = async (file: string) => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      maps.set(file, existsSync(mapFile) ? FlattenMap(await fs.readFile(mapFile, "utf8")) : null);
    }
    return maps.get(file)!;
  };
  return async (frame: CallFrame): Promise<string> => {
    if (frame.url === "") {
      const name = frame.functionName || "(unnamed)";
      return name.startsWith("(") ? `V8 ${name.slice(1, -1)}` : `native ${name}`;
    }
    const file = frame.url.replace(/^file:\/\//, "");
    if (!file.includes("/.next/")) return file;
    const map = await mapOf(file);
    if (!map) return file;
    const { source } = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    return source ? decodeURIComponent(source) : file;
  };
}

export type ProfileShare = { place: string; cpuMs: number; share: number };

/** A span of time on the monotonic clock, in microseconds. */
export type Window = { from: number; to: number };

/** The clock a CPU profile's samples are timed on: Node's hrtime and V8's both read CLOCK_MONOTONIC. */
export function monotonicMicroseconds(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Each sample's own time, counted for its node when it was taken within one of the windows. */
function selfTimes(profile: CpuProfile, windows: Window[]): Map<number, number> {
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (windows.some(({ from, to }) => at >= from && at <= to)) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  return selfUs;
}

/**
 * The CPU time of every profile in `directory` within the windows, by where the running code came from
 * (its own time, not its callees'), largest first. Idle time is left out; garbage collection and V8's
 * own work stay in.
 */
export async function summarizeProfiles(directory: string, windows: Window[]): Promise<ProfileShare[]> {
  const sourceOf = frameSources();
  const byPlace = new Map<string, number>();
  const files = (await fs.readdir(directory)).filter((name) => name.endsWith(".cpuprofile"));
  for (const name of files) {
    const profile = JSON.parse(await fs.readFile(path.join(directory, name), "utf8")) as CpuProfile;
    const selfUs = selfTimes(profile, windows);
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id);
      if (!us || node.callFrame.functionName === "(idle)") continue;
      const place = placeOf(await sourceOf(node.callFrame));
      byPlace.set(place, (byPlace.get(place) ?? 0) + us / 1000);
    }
  }
  const total = [...byPlace.values()].reduce((sum, ms) => sum + ms, 0);
  return [...byPlace]
    .map(([place, cpuMs]) => ({ place, cpuMs, share: cpuMs / total }))
    .sort((a, b) => b.cpuMs - a.cpuMs);
}

/** The largest places, and the rest as one line, each as a share of the whole. */
export function profileTable(shares: ProfileShare[], top = 20): string {
  const shown = shares.slice(0, top);
  const rest = shares
    .slice(top)
    .reduce((sum, { cpuMs, share }) => ({ cpuMs: sum.cpuMs + cpuMs, share: sum.share + share }), {
      cpuMs: 0,
      share: 0,
    });
  const rows = [...shown, ...(rest.cpuMs > 0 ? [{ place: `${shares.length - top} others`, ...rest }] : [])];
  return rows
    .map(
      ({ place, cpuMs, share }) =>
        `${place.padEnd(40)}${Math.round(cpuMs).toLocaleString("en").padStart(10)} ms${(share * 100).toFixed(1).padStart(8)} %`,
    )
    .join("\n");
}
