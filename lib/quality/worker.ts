import "server-only";
import { and, asc, eq, notInArray } from "drizzle-orm";
import { connect, db, type Executor } from "@/db/client";
import { generations, qualityChecks } from "@/db/schema";
import { config, databaseUrl } from "@/lib/config";
import { fileKeyOf } from "@/lib/generations/files";
import { readLimited } from "@/lib/http/read-limited";
import { getFile } from "@/lib/storage/file-store";
import { qualityChecksChannel } from "./checks";
import { inspectOutput } from "./inspect";

/** A host's file server can have a bad moment; three misses in a row is no longer a moment. */
export const maxAttempts = 3;
const fetchTimeoutSeconds = 10;
/** Several times any image output the product makes; past it, reading on only costs memory. */
export const maxOutputBytes = 25 * 1024 * 1024;

type Loaded = { bytes: Buffer } | { failure: string };

const tooBig: Loaded = {
  failure: `The output is larger than ${maxOutputBytes / 1024 / 1024} MB, too large to download.`,
};

function whyNotDownloaded(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") {
    return `The output took longer than ${fetchTimeoutSeconds} seconds to download.`;
  }
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string"
    ? `The output could not be downloaded (${code}).`
    : "The output could not be downloaded.";
}

async function download(url: string): Promise<Loaded> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutSeconds * 1000) });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { failure: `The output's address answered with HTTP status ${response.status}.` };
    }
    const bytes = await readLimited(response, maxOutputBytes);
    return bytes ? { bytes } : tooBig;
  } catch (error) {
    return { failure: whyNotDownloaded(error) };
  }
}

async function fromStore(key: string): Promise<Loaded> {
  try {
    const file = await getFile(key);
    return file ? { bytes: file.buffer } : { failure: "The output file is missing from the file store." };
  } catch {
    return { failure: "The output's address does not name a stored file." };
  }
}

function load(outputUrl: string | null): Promise<Loaded> {
  if (outputUrl === null) return Promise.resolve({ failure: "The generation has no output address." });
  const key = fileKeyOf(outputUrl);
  return key === null ? download(outputUrl) : fromStore(key);
}

type PendingCheck = {
  generationId: string;
  attempts: number;
  expectedWidth: number | null;
  expectedHeight: number | null;
  outputUrl: string | null;
};

function expectedSize({ expectedWidth, expectedHeight }: PendingCheck) {
  return expectedWidth !== null && expectedHeight !== null ? { width: expectedWidth, height: expectedHeight } : null;
}

async function outcomeOf(pending: PendingCheck): Promise<Partial<typeof qualityChecks.$inferInsert>> {
  const attempts = pending.attempts + 1;
  const loaded = await load(pending.outputUrl);
  if ("failure" in loaded) {
    // Not getting the file says nothing about the output, so it is never recorded as a broken one.
    if (attempts < maxAttempts) return { attempts, problem: loaded.failure };
    return { attempts, problem: loaded.failure, status: "unavailable", checkedAt: new Date() };
  }
  const signals = await inspectOutput(loaded.bytes, expectedSize(pending));
  return { ...signals, attempts, status: "checked", checkedAt: new Date() };
}

/**
 * Works through pending checks, oldest first, and returns how many it worked on. Each is claimed in a
 * transaction of its own with SKIP LOCKED, so that any number of instances can run this at once and
 * no check is done twice. A check whose file could not be had this time is not tried again in the
 * same run, so that its retries are spread over runs rather than spent in a burst.
 */
export async function runPendingQualityChecks(batch = 20, executor: Executor = db): Promise<number> {
  const tried: string[] = [];
  while (tried.length < batch) {
    const claimed = await executor.transaction(async (tx) => {
      const [pending] = await tx
        .select({
          generationId: qualityChecks.generationId,
          attempts: qualityChecks.attempts,
          expectedWidth: qualityChecks.expectedWidth,
          expectedHeight: qualityChecks.expectedHeight,
          outputUrl: generations.outputUrl,
        })
        .from(qualityChecks)
        .innerJoin(generations, eq(generations.id, qualityChecks.generationId))
        .where(and(eq(qualityChecks.status, "pending"), notInArray(qualityChecks.generationId, tried)))
        .orderBy(asc(qualityChecks.createdAt), asc(qualityChecks.generationId))
        .limit(1)
        .for("update", { of: qualityChecks, skipLocked: true });
      if (pending) {
        await tx
          .update(qualityChecks)
          .set(await outcomeOf(pending))
          .where(eq(qualityChecks.generationId, pending.generationId));
      }
      return pending?.generationId;
    });
    if (claimed === undefined) break;
    tried.push(claimed);
  }
  return tried.length;
}

/**
 * Checks each new output as soon as its success commits, woken by the notification the success sends,
 * and polls as well for what was missed while nobody listened. Runs never overlap; a notification
 * during a run asks for one more, since the run may already have looked past the new row.
 */
export function startQualityWorker(): void {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await runPendingQualityChecks();
      } while (again);
    } catch (error) {
      console.error("Quality checks failed; the next run will try again.", error);
    } finally {
      running = false;
    }
  };
  const { sql } = connect(databaseUrl(), 1);
  // The second callback also fires after each reconnection, which catches up on what was missed.
  sql.listen(qualityChecksChannel, run, run).catch((error: unknown) => {
    console.error("Could not listen for new quality checks; they wait for the periodic run instead.", error);
  });
  setInterval(run, config().sweepIntervalSeconds * 1000).unref();
}
