import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "@/db/embedded";
import { createApiKey } from "@/lib/api/api-keys";
import { createDatabase, dropDatabase, uniqueName } from "../setup/server";
import { startApp, hostClient, type App } from "./support/app";

/** A cluster of this test's own, since it is stopped and started under the app. */
const dataDir = path.join(process.cwd(), ".data", "faults-postgres");

let app: App | undefined;
let server: EmbeddedPostgres | undefined;
let database: { serverUrl: string; name: string } | undefined;
afterAll(async () => {
  await app?.kill("SIGTERM");
  if (database) await dropDatabase(database.serverUrl, database.name);
  await server?.stop();
});

async function until(done: () => Promise<boolean>, what: string, withinMs: number) {
  for (const started = Date.now(); !(await done());) {
    if (Date.now() - started > withinMs) throw new Error(`Not done within ${withinMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("PostgreSQL restarted while the app runs", () => {
  it("shows on /api/health as a 503, and the app serves again once it is back, without a restart of its own", async () => {
    const port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port });
    database = { serverUrl: server.url, name: uniqueName("faults_restart") };
    const url = await createDatabase(database.serverUrl, database.name);
    app = await startApp(url);
    const own = connect(url, 1);
    const { key } = await createApiKey("fault tests", null, own.db);
    const api = hostClient(app, key);
    const health = async () => {
      const response = await fetch(`${app!.url}/api/health`);
      return { status: response.status, body: (await response.json()) as { status: string } };
    };
    expect(
      (await api({ method: "PUT", path: "/customers/before", body: { email: "before@example.com" } })).status,
    ).toBe(201);

    await server.stop();
    await until(async () => (await health()).status === 503, "/api/health reports the database down", 15_000);
    expect(await health()).toMatchObject({ status: 503, body: { status: "unavailable", database: "unreachable" } });

    server = await startEmbeddedPostgres({ dataDir, port });
    expect(new URL(server.url).port).toBe(String(port));
    await until(async () => (await health()).status === 200, "/api/health reports the database back", 30_000);

    const customer = { method: "PUT", path: "/customers/after", body: { email: "after@example.com" } } as const;
    expect((await api(customer)).status).toBe(201);
    const grant = { key: "opening", amount: 10, reason: "After the restart" };
    expect((await api({ method: "POST", path: "/customers/after/grants", body: grant })).status).toBe(201);
    const generation = { id: "after-gen", customerId: "after", feature: "recolor", platform: "web", context: "editor" };
    expect((await api({ method: "POST", path: "/generations", body: { ...generation, cost: 4 } })).status).toBe(201);

    // The job workers are back too: an overdue hold is released by a sweep the queue hands them.
    await own.db.execute(
      sql`update generations set hold_expires_at = now() - interval '1 minute' where id = 'after-gen'`,
    );
    await own.db.execute(sql`select graphile_worker.add_job('holds.expire', '{}'::json)`);
    const statusOf = async () =>
      ((await api({ method: "GET", path: "/generations/after-gen" })).body.generation as { status: string }).status;
    await until(async () => (await statusOf()) === "expired", "the workers release the overdue hold", 20_000);
    await own.sql.end();
    expect(app.running()).toBe(true);
  });
});
