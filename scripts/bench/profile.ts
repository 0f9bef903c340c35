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

/** A file of the project's own from its top folder; any other file as given. */
function projectPath(file: string): string {
  return file.replace(/^.*?\/(?=(app|lib|db|components|pages|proxy\.ts)\b)/, "");
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
  const project = projectPath(source);
  return project === source ? source : project.split("/").slice(0, 2).join("/");
}

/** Where a frame's code came from, and the function it was in, as the source names it. */
type FrameSource = { source: string; functionName: string; line: number };

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
  return async (frame: CallFrame): Promise<FrameSource> => {
    const functionName = frame.functionName || "(anonymous)";
    const asCompiled = { functionName, line: frame.lineNumber + 1 };
    if (frame.url === "") {
      const name = frame.functionName || "(unnamed)";
      return { ...asCompiled, source: name.startsWith("(") ? `V8 ${name.slice(1, -1)}` : `native ${name}` };
    }
    const file = frame.url.replace(/^file:\/\//, "");
    const map = file.includes("/.next/") ? await mapOf(file) : null;
    if (!map) return { ...asCompiled, source: file };
    const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    if (!original.source) return { ...asCompiled, source: file };
    return {
      source: decodeURIComponent(original.source),
      functionName: original.name ?? functionName,
      line: original.line,
    };
  };
}

/** A function as a person looks it up: its name, and the file and line it starts at within its place. */
function functionOf({ source, functionName, line }: FrameSource): string {
  if (!source.includes("/") && !source.startsWith("node:")) return source;
  const file = source.includes("node_modules/") ? source.replace(/^.*node_modules\//, "") : projectPath(source);
  return `${functionName} ${file}:${line}`;
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

export type ProfileSummary = { byPlace: ProfileShare[]; byFunction: ProfileShare[] };

function shares(cpuMsBy: Map<string, number>): ProfileShare[] {
  const total = [...cpuMsBy.values()].reduce((sum, ms) => sum + ms, 0);
  return [...cpuMsBy]
    .map(([place, cpuMs]) => ({ place, cpuMs, share: cpuMs / total }))
    .sort((a, b) => b.cpuMs - a.cpuMs);
}

/**
 * The CPU time of every profile in `directory` within the windows, by where the running code came from
 * and by function (their own time, not their callees'), largest first. Idle time is left out; garbage
 * collection and V8's own work stay in.
 */
export async function summarizeProfiles(directory: string, windows: Window[]): Promise<ProfileSummary> {
  const sourceOf = frameSources();
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const files = (await fs.readdir(directory)).filter((name) => name.endsWith(".cpuprofile"));
  for (const name of files) {
    const profile = JSON.parse(await fs.readFile(path.join(directory, name), "utf8")) as CpuProfile;
    const selfUs = selfTimes(profile, windows);
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id);
      if (!us || node.callFrame.functionName === "(idle)") continue;
      const frame = await sourceOf(node.callFrame);
      const place = placeOf(frame.source);
      const inFunction = functionOf(frame);
      byPlace.set(place, (byPlace.get(place) ?? 0) + us / 1000);
      byFunction.set(inFunction, (byFunction.get(inFunction) ?? 0) + us / 1000);
    }
  }
  return { byPlace: shares(byPlace), byFunction: shares(byFunction) };
}

/** The largest places, and the rest as one line, each as a share of the whole. */
export function profileTable(shares: ProfileShare[], top = 20, width = 40): string {
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
        `${place.padEnd(width)}${Math.round(cpuMs).toLocaleString("en").padStart(10)} ms${(share * 100).toFixed(1).padStart(8)} %`,
    )
    .join("\n");
}
