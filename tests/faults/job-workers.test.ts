import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { hostClient, startApp, startWorker, type HostClient, type Instance } from "./support/app";
import { expectEachDoneOnce, jobs, jobsLeft, makeJobWork, type JobWork } from "./support/job-work";

const running: Instance[] = [];
let work: JobWork | undefined;
afterAll(async () => {
  for (const instance of running) await instance.kill("SIGTERM");
  await work?.close();
});

describe("web servers that run no jobs, with two job workers (npm run worker)", () => {
  it("leave the jobs to the workers, which do each once between them and stop cleanly", async () => {
    const { key } = await createApiKey("fault tests");
    const web = [
      await startApp(process.env.DATABASE_URL!, { runJobs: false }),
      await startApp(process.env.DATABASE_URL!, { runJobs: false }),
    ];
    running.push(...web);
    const [one, two] = web.map((app) => hostClient(app, key)) as [HostClient, HostClient];
    work = await makeJobWork(one, two);

    // A job runner in either web server would have taken the checks, deliveries and sweeps within a second or two.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await jobsLeft()).toEqual({ pending: jobs.checked, running: jobs.overdue, delivered: 0 });
    expect(work.files.requests.size).toBe(0);

    const workers = [await startWorker(process.env.DATABASE_URL!), await startWorker(process.env.DATABASE_URL!)];
    running.push(...workers);
    await expectEachDoneOnce(work);
    for (const worker of workers) expect(await worker.kill("SIGTERM"), worker.output()).toBe(0);
  });
});
