import { afterAll, describe, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { hostClient, startApp, type App, type HostClient } from "./support/app";
import { expectEachDoneOnce, makeJobWork, type JobWork } from "./support/job-work";

const apps: App[] = [];
let work: JobWork | undefined;
afterAll(async () => {
  for (const app of apps) await app.kill("SIGTERM");
  await work?.close();
});

describe("two app instances on one database", () => {
  it("expire each hold, run each quality check and make each webhook delivery attempt once between them", async () => {
    const { key } = await createApiKey("fault tests");
    apps.push(await startApp(process.env.DATABASE_URL!), await startApp(process.env.DATABASE_URL!));
    const [one, two] = apps.map((app) => hostClient(app, key)) as [HostClient, HostClient];
    work = await makeJobWork(one, two);
    await expectEachDoneOnce(work);
  });
});
