import { expect } from "vitest";
import type { Answer, HostCall, HostClient } from "./app";

export type StepKind = "start" | "succeed" | "fail" | "refund";

/** One call of a generation's life, with every answer it got, in order. */
export type Step = { kind: StepKind; call: HostCall; answers: Answer[] };

/** A generation's calls as a host makes them: start, then succeed or fail, then a report of a success. */
export type Chain = { generationId: string; customerId: string; steps: Step[] };

const openingCredits = 1_000_000;

/** Customers with plenty of credits, so that the load is never refused for want of them. */
export async function customersWithCredits(api: HostClient, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-customer-${index}`);
  for (const id of ids) {
    expect((await api({ method: "PUT", path: `/customers/${id}`, body: { email: `${id}@example.com` } })).status).toBe(
      201,
    );
    const granted = await api({
      method: "POST",
      path: `/customers/${id}/grants`,
      body: { key: "opening", amount: openingCredits, reason: "Credits for the fault tests" },
    });
    expect(granted.status).toBe(201);
  }
  return ids;
}

function callsOf(generationId: string, customerId: string, serial: number): Omit<Step, "answers">[] {
  const start: Omit<Step, "answers"> = {
    kind: "start",
    call: {
      method: "POST",
      path: "/generations",
      body: {
        id: generationId,
        customerId,
        feature: "recolor",
        platform: "web",
        context: "editor",
        cost: 1 + (serial % 3),
      },
    },
  };
  const path = `/generations/${generationId}`;
  if (serial % 3 === 0) {
    return [start, { kind: "fail", call: { method: "POST", path: `${path}/fail`, body: { errorCode: "gpu_lost" } } }];
  }
  // Port 9 refuses at once: the quality check, which is not under test here, gives up quickly.
  const outputUrl = `http://127.0.0.1:9/${generationId}.png`;
  return [
    start,
    { kind: "succeed", call: { method: "POST", path: `${path}/succeed`, body: { outputUrl } } },
    {
      kind: "refund",
      call: {
        method: "POST",
        path: "/refund-requests",
        body: { generationId, customerId, reason: "blurry", details: "The whole picture came out blurry." },
      },
    },
  ];
}

/**
 * `clients` hosts at once, each making generations one after another until `running` says stop.
 * `perform` makes a step's call and records its answers; false ends that client's work.
 */
export async function runLoad(options: {
  clients: number;
  customers: string[];
  prefix: string;
  running: () => boolean;
  perform: (step: Step) => Promise<boolean>;
}): Promise<Chain[]> {
  const chains: Chain[] = [];
  let serial = 0;
  async function client(index: number) {
    for (let made = 0; options.running(); made += 1) {
      const number = serial++;
      const generationId = `${options.prefix}-gen-${index}-${made}`;
      const customerId = options.customers[number % options.customers.length]!;
      const chain: Chain = { generationId, customerId, steps: [] };
      chains.push(chain);
      for (const call of callsOf(generationId, customerId, number)) {
        const step = { ...call, answers: [] };
        chain.steps.push(step);
        if (!(await options.perform(step))) return;
      }
    }
  }
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  return chains;
}

/** The status a step's first, fresh call answers. */
export const freshStatus: Record<StepKind, number> = { start: 201, succeed: 200, fail: 200, refund: 201 };
