import type { Database } from "@/db/client";
import { grantCredits } from "@/lib/customers/customers";
import { expireOverdueHolds, failGeneration, startGeneration, succeedGeneration } from "@/lib/generations/lifecycle";
import { isDomainError } from "@/lib/errors";

type Outcome = "granted" | "started" | "succeeded" | "failed" | "expired" | "refused";

/** A seeded generator, so a failing storm can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export async function runStorm(options: { clients: number; operations: number; customers: string[]; pool: Database }) {
  const tally: Record<Outcome, number> = { granted: 0, started: 0, succeeded: 0, failed: 0, expired: 0, refused: 0 };
  const started: string[] = [];
  let next = 0;
  let serial = 0;

  async function one(roll: () => number): Promise<Outcome> {
    const customer = options.customers[Math.floor(roll() * options.customers.length)]!;
    const pick = roll();
    if (pick < 0.1) {
      await grantCredits(
        customer,
        { key: `storm-${serial++}`, amount: 1 + Math.floor(roll() * 10), reason: "Storm" },
        options.pool,
      );
      return "granted";
    }
    if (pick < 0.5 || started.length === 0) {
      const id = `storm-gen-${serial++}`;
      await startGeneration(
        {
          id,
          customerId: customer,
          feature: "recolor",
          platform: "web",
          context: "editor",
          cost: 1 + Math.floor(roll() * 4),
        },
        options.pool,
      );
      started.push(id);
      return "started";
    }
    const id = started[Math.floor(roll() * started.length)]!;
    if (pick < 0.75) {
      await succeedGeneration(id, `https://cdn.example/${id}.png`, options.pool);
      return "succeeded";
    }
    if (pick < 0.95) {
      await failGeneration(id, { errorCode: "storm" }, options.pool);
      return "failed";
    }
    const future = new Date(Date.now() + 24 * 60 * 60 * 1000);
    return (await expireOverdueHolds(future, 3, options.pool)) > 0 ? "expired" : "refused";
  }

  async function client(index: number) {
    const roll = random(index + 1);
    while (next < options.operations) {
      next += 1;
      try {
        tally[await one(roll)] += 1;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        tally.refused += 1;
      }
    }
  }

  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  return tally;
}
