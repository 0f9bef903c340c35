import fs from "node:fs/promises";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { jobWorkerScript, processTree, type TreeProcess } from "@/scripts/process-tree";
import { startApp, type App } from "./support/app";

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.kill("SIGTERM");
});

type AppProcess = TreeProcess & { environment: string[] };

/** The Next.js servers and the job workers below `root`, told apart by their command lines. */
async function appProcesses(root: number): Promise<{ servers: AppProcess[]; jobWorkers: AppProcess[] }> {
  const withEnvironment = (found: TreeProcess[]) =>
    Promise.all(
      found.map(async (one) => {
        const environment = await fs.readFile(`/proc/${one.pid}/environ`, "utf8").catch(() => "");
        return { ...one, environment: environment.split("\0") };
      }),
    );
  const tree = await processTree(root);
  return {
    servers: await withEnvironment(tree.filter(({ commandLine }) => commandLine[0]!.startsWith("next-server"))),
    jobWorkers: await withEnvironment(tree.filter(({ commandLine }) => commandLine.includes(jobWorkerScript))),
  };
}

const pids = (found: AppProcess[]) => found.map(({ pid }) => pid);

async function appServers(root: number): Promise<number[]> {
  return pids((await appProcesses(root)).servers);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > 60_000) throw new Error(`Not within 60 s: ${what} (last seen ${JSON.stringify(value)})`);
  }
}

const alive = (pid: number) =>
  fs.access(`/proc/${pid}`).then(
    () => true,
    () => false,
  );

/** On a connection of its own, since a kept-alive one may belong to the process just killed. */
function healthy(app: App): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${app.url}/api/health`, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("error", reject);
  });
}

describe("npm start's app server processes", () => {
  it("share the port, keep serving while one is replaced, have a job worker replaced too, and all stop on SIGTERM", async () => {
    const app = await startApp(process.env.DATABASE_URL!, { processes: 2 });
    apps.push(app);
    const [first, second] = await until(
      () => appServers(app.pid),
      (found) => found.length === 2,
      "two app servers",
    );

    // Beside them a job worker, in the idle scheduling class, works the queue: the servers run no jobs.
    const {
      servers,
      jobWorkers: [worker],
    } = await until(
      () => appProcesses(app.pid),
      (found) => found.jobWorkers.length === 1,
      "a job worker",
    );
    for (const server of servers) expect(server.environment).toContain("RUN_JOBS=false");
    expect(servers.map(({ policy }) => policy)).toEqual([0, 0]);
    expect(worker!.policy).toBe(5);
    process.kill(worker!.pid, "SIGKILL");
    const jobWorkers = await until(
      async () => pids((await appProcesses(app.pid)).jobWorkers),
      (found) => found.length === 1 && !found.includes(worker!.pid),
      "a replacement for the killed job worker",
    );

    process.kill(first!, "SIGKILL");
    // Connections that reach the primary before it has heard of the death go to the dead process, as
    // with any crash; from then on the other process takes every new one.
    await until(
      () => alive(first!),
      (is) => !is,
      "the killed app server gone",
    );
    expect(await Promise.all(Array.from({ length: 10 }, () => healthy(app)))).toEqual(Array(10).fill(200));
    const replaced = await until(
      () => appServers(app.pid),
      (found) => found.length === 2 && !found.includes(first!),
      "a replacement for the killed app server",
    );
    expect(replaced).toContain(second);
    await until(
      () => healthy(app).catch(() => 0),
      (status) => status === 200,
      "health after the replacement",
    );

    await app.kill("SIGTERM");
    expect(app.running()).toBe(false);
    expect(
      (
        await Promise.all(
          [...replaced, ...jobWorkers].map((pid) =>
            fs.access(`/proc/${pid}`).then(
              () => pid,
              () => null,
            ),
          ),
        )
      ).filter(Boolean),
    ).toEqual([]);
  });

  it("stop at once, with the servers' exit code, when they cannot start", async () => {
    await expect(startApp("mysql://not-postgres/app", { processes: 2 })).rejects.toThrow(
      /exited while starting[\s\S]*DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*stopped while starting \(exit 1\)/,
    );
  });
});
