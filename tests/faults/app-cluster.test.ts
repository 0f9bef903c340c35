import fs from "node:fs/promises";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type App } from "./support/app";

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.kill("SIGTERM");
});

/** The Next.js servers below `root`, found by the title each gives its process. */
async function appServers(root: number): Promise<number[]> {
  const processes = await Promise.all(
    (await fs.readdir("/proc"))
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
        const title = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        return { pid: Number(pid), parent: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), title };
      }),
  );
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const { pid, parent } of processes) {
      if (below.has(parent) && !below.has(pid)) grew = below.add(pid).size > 0;
    }
  }
  return processes.filter(({ pid, title }) => below.has(pid) && title.startsWith("next-server")).map(({ pid }) => pid);
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
  it("share the port, keep serving while one is replaced, and all stop on SIGTERM", async () => {
    const app = await startApp(process.env.DATABASE_URL!, { processes: 2 });
    apps.push(app);
    const [first, second] = await until(
      () => appServers(app.pid),
      (pids) => pids.length === 2,
      "two app servers",
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
      (pids) => pids.length === 2 && !pids.includes(first!),
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
          replaced.map((pid) =>
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
