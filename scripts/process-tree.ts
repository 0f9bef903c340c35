import fs from "node:fs/promises";

/** The script of `npm run worker`, by which a job worker is told from the app's other processes. */
export const jobWorkerScript = "scripts/worker.ts";

export type TreeProcess = {
  pid: number;
  parent: number;
  commandLine: string[];
  /** The scheduling policy: 0 the ordinary one, 5 SCHED_IDLE. */
  policy: number;
  /** User + system CPU, its own and that of its children that exited and were waited for, in clock ticks. */
  cpuTicks: number;
};

async function readProcess(pid: string): Promise<TreeProcess> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  // The command name may hold spaces and parentheses; the fields after the last ")" never do. From
  // there on: the state, the parent (1), the CPU times (11 to 14) and the scheduling policy (38).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return {
    pid: Number(pid),
    parent: Number(fields[1]),
    commandLine: commandLine.split("\0"),
    policy: Number(fields[38]),
    cpuTicks: (utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0),
  };
}

/** `root` and every process below it, read from /proc, each listed after its parent. */
export async function processTree(root: number): Promise<TreeProcess[]> {
  const entries = (await fs.readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  const all = await Promise.all(entries.map(readProcess));
  const children = new Map<number, TreeProcess[]>();
  for (const found of all) children.set(found.parent, [...(children.get(found.parent) ?? []), found]);
  const tree = all.filter((found) => found.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
}
