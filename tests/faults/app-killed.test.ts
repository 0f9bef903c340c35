import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { startApp, hostClient, type Answer, type App, type HostClient } from "./support/app";
import { expectLedgerHolds, expectRecordedOnce } from "./support/checks";
import { customersWithCredits, freshStatus, runLoad, type Chain, type Step } from "./support/load";

const apps: App[] = [];
afterAll(async () => {
  for (const app of apps) await app.kill("SIGTERM");
});

/** The fields a generation is started with; its status and outcome move on with later calls. */
function asStarted(generation: unknown) {
  const lasting = Object.entries(generation as Record<string, unknown>).filter(
    ([field]) => !["status", "finishedAt", "outputUrl", "errorCode"].includes(field),
  );
  return Object.fromEntries(lasting);
}

/**
 * The retry of a call whose first answer arrived answers with the same resource, in the form the
 * contract gives a retry (../shared/API.md): 200 and the same generation (with the current balance),
 * and for a second report of the same generation, 409 refund.duplicate naming the first request,
 * which still reads as it was first answered.
 */
async function expectSameResult(api: HostClient, step: Step, first: Answer, retried: Answer) {
  const where = `${step.call.method} ${step.call.path}`;
  expect(first.status, where).toBe(freshStatus[step.kind]);
  if (step.kind === "refund") {
    const request = first.body.request as { id: string };
    expect(retried, where).toMatchObject({
      status: 409,
      body: { error: { code: "refund.duplicate", requestId: request.id } },
    });
    const read = await api({ method: "GET", path: `/refund-requests/${request.id}` });
    expect(read, where).toMatchObject({ status: 200, body: { request: first.body.request } });
    return;
  }
  expect(retried.status, where).toBe(200);
  if (step.kind === "start") {
    expect(asStarted(retried.body.generation), where).toEqual(asStarted(first.body.generation));
  } else {
    expect(retried.body.generation, where).toEqual(first.body.generation);
  }
}

/** A call that was in flight when the app died was applied once or not at all: its retry completes it either way. */
function expectCompleted(step: Step, retried: Answer) {
  const where = `${step.call.method} ${step.call.path}`;
  if (step.kind === "refund") {
    expect([201, 409], where).toContain(retried.status);
    if (retried.status === 409) expect(retried.body.error, where).toMatchObject({ code: "refund.duplicate" });
    return;
  }
  expect(step.kind === "start" ? [200, 201] : [200], where).toContain(retried.status);
}

describe("the app killed with SIGKILL in the middle of a load", () => {
  it("answers every retry after a restart with the first result, applies each call once, and keeps the ledger whole", async () => {
    const prefix = "killed";
    const { key } = await createApiKey("fault tests");
    const first = await startApp(process.env.DATABASE_URL!);
    apps.push(first);
    const customers = await customersWithCredits(hostClient(first, key), prefix, 4);

    let running = true;
    let answered = 0;
    const api = hostClient(first, key);
    const load = runLoad({
      clients: 6,
      customers,
      prefix,
      running: () => running,
      perform: async (step) => {
        const answer = await api(step.call).catch(() => undefined);
        if (!answer) return false;
        step.answers.push(answer);
        answered += 1;
        return true;
      },
    });
    while (answered < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    await first.kill("SIGKILL");
    running = false;
    const chains: Chain[] = await load;

    const steps = chains.flatMap((chain) => chain.steps);
    const inFlight = steps.filter((step) => step.answers.length === 0);
    // The kill landed while calls were on their way: some were never answered.
    expect(inFlight.length).toBeGreaterThan(0);
    expect(steps.length - inFlight.length).toBeGreaterThanOrEqual(60);

    const second = await startApp(process.env.DATABASE_URL!, { port: first.port });
    apps.push(second);
    const retry = hostClient(second, key);
    for (const chain of chains) {
      for (const step of chain.steps) {
        const retried = await retry(step.call);
        const [firstAnswer] = step.answers;
        if (firstAnswer) await expectSameResult(retry, step, firstAnswer, retried);
        else expectCompleted(step, retried);
      }
    }

    await expectRecordedOnce(prefix, chains);
    await expectLedgerHolds();
  });
});
