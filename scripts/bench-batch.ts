import { connect } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { grantCredits, registerCustomer } from "@/lib/customers/customers";
import { applyGenerationEvents, type GenerationEvent } from "@/lib/generations/batch";
import { createDatabase, dropDatabase, uniqueName } from "@/tests/setup/server";

/**
 * How fast the batch endpoint applies a host's events, and how many statements each event costs: N
 * batches of 1,000 events (500 generations started, then each succeeded or failed, over 50 customers)
 * through applyGenerationEvents, on a throwaway database of TEST_DATABASE_URL's server, which is
 * dropped at the end. One webhook endpoint listens for `generation.refunded`, as a host's would.
 *
 *   TEST_DATABASE_URL=postgres://… npm run bench:batch [-- batches]
 */

const customerCount = 50;
const generationsPerBatch = 500;
const batches = Number(process.argv[2] ?? 5);

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error("Set TEST_DATABASE_URL to the server on which to make a throwaway database.");
if (!Number.isInteger(batches) || batches < 1) throw new Error("The number of batches must be a whole number.");

const customerIds = Array.from({ length: customerCount }, (_, i) => `bench-customer-${i}`);

/** Each generation's start followed by its outcome, a third of them failed, as a host reports a day's work. */
function batchOf(run: string): GenerationEvent[] {
  return Array.from({ length: generationsPerBatch }, (_, i): GenerationEvent[] => {
    const id = `bench-${run}-${i}`;
    const customerId = customerIds[i % customerCount]!;
    return [
      {
        type: "start",
        generation: { id, customerId, feature: "recolor", platform: "web", context: "editor", cost: 1 + (i % 5) },
      },
      i % 3 === 0
        ? { type: "fail", id, errorCode: "gpu_out_of_memory" }
        : { type: "succeed", id, outputUrl: `https://cdn.example/${id}.png` },
    ];
  }).flat();
}

const name = uniqueName("makegood_bench_batch");
const url = await createDatabase(serverUrl, name);
try {
  await migrateDatabase(url);
  let statements = 0;
  // Prepared, as the app's pool is without a transaction pooler: an unprepared statement is first described in a
  // round trip of its own, and a chunk's statements then no longer go to the server at once.
  const { sql, db } = connect(url, 1, { onStatement: () => (statements += 1) });
  try {
    for (const id of customerIds) {
      await registerCustomer(id, { email: `${id}@example.com` }, db);
      await grantCredits(id, { key: "bench", amount: 1_000_000, reason: "Benchmark" }, db);
    }
    await db.insert(schema.webhookEndpoints).values({
      url: "https://host.example/webhooks",
      eventTypes: ["generation.refunded"],
      secret: "whsec_benchmark",
    });
    await applyGenerationEvents(batchOf("warm-up"), db);

    console.log(`${batches} batches of ${generationsPerBatch * 2} events, ${customerCount} customers, 1 connection:\n`);
    let totalMs = 0;
    let totalStatements = 0;
    for (let run = 0; run < batches; run += 1) {
      const events = batchOf(String(run));
      statements = 0;
      const started = performance.now();
      const applied = await applyGenerationEvents(events, db);
      const ms = performance.now() - started;
      const refused = applied.filter(({ outcome }) => outcome instanceof Error).length;
      if (refused > 0) throw new Error(`${refused} events were refused; the benchmark expects none`);
      totalMs += ms;
      totalStatements += statements;
      console.log(
        `  batch ${run + 1}: ${ms.toFixed(0).padStart(6)} ms  ${((events.length / ms) * 1000).toFixed(0).padStart(6)} events/s  ${(statements / events.length).toFixed(2)} statements/event`,
      );
    }
    const events = batches * generationsPerBatch * 2;
    console.log(
      `\n  overall: ${((events / totalMs) * 1000).toFixed(0)} events/s, ${(totalStatements / events).toFixed(2)} statements/event`,
    );

    statements = 0;
    const retried = performance.now();
    await applyGenerationEvents(batchOf("0"), db);
    const retryMs = performance.now() - retried;
    console.log(
      `  batch 1 retried: ${((generationsPerBatch * 2 * 1000) / retryMs).toFixed(0)} events/s, ${(statements / (generationsPerBatch * 2)).toFixed(2)} statements/event`,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
} finally {
  await dropDatabase(serverUrl, name);
}
