import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { generations, qualityChecks } from "@/db/schema";
import { fileKeyOf } from "@/lib/generations/files";
import { OutboundFailure, outboundFetch } from "@/lib/http/outbound";
import { addJobCall } from "@/lib/jobs/enqueue";
import { getFile } from "@/lib/storage/file-store";
import { inspectOutput } from "./inspect";

/** A host's file server can have a bad moment; three misses over a few minutes is no longer a moment. */
export const maxAttempts = 3;
/** The wait before the second attempt, and before the third. */
const secondAttemptAfterSeconds = 30;
const thirdAttemptAfterSeconds = 120;
const fetchTimeoutMs = 10_000;
/** Several times any image output the product makes; past it, reading on only costs memory. */
export const maxOutputBytes = 25 * 1024 * 1024;

type Loaded = { bytes: Buffer } | { failure: string };

const tooBig: Loaded = {
  failure: `The output is larger than ${maxOutputBytes / 1024 / 1024} MB, too large to download.`,
};

async function download(url: string): Promise<Loaded> {
  try {
    const answer = await outboundFetch(url, { timeoutMs: fetchTimeoutMs, maxBytes: maxOutputBytes });
    if (answer.status < 200 || answer.status > 299) {
      return { failure: `The output's address answered with HTTP status ${answer.status}.` };
    }
    return answer.truncated ? tooBig : { bytes: answer.body };
  } catch (error) {
    if (error instanceof OutboundFailure) return { failure: error.sentence };
    throw error;
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

type Claimed = {
  attempts: number;
  expectedWidth: number | null;
  expectedHeight: number | null;
  outputUrl: string | null;
};

/** Counts the attempt before making it, so that one cut short by a killed worker still counts. */
async function claim(generationId: string): Promise<Claimed | undefined> {
  const [claimed] = await db
    .update(qualityChecks)
    .set({ attempts: sql`${qualityChecks.attempts} + 1` })
    .from(generations)
    .where(
      and(
        eq(qualityChecks.generationId, generationId),
        eq(qualityChecks.status, "pending"),
        eq(generations.id, qualityChecks.generationId),
      ),
    )
    .returning({
      attempts: qualityChecks.attempts,
      expectedWidth: qualityChecks.expectedWidth,
      expectedHeight: qualityChecks.expectedHeight,
      outputUrl: generations.outputUrl,
    });
  return claimed;
}

function expectedSize({ expectedWidth, expectedHeight }: Claimed) {
  return expectedWidth !== null && expectedHeight !== null ? { width: expectedWidth, height: expectedHeight } : null;
}

async function outcomeOf(claimed: Claimed): Promise<Partial<typeof qualityChecks.$inferInsert>> {
  const loaded = await load(claimed.outputUrl);
  if ("failure" in loaded) {
    // Not getting the file says nothing about the output, so it is never recorded as a broken one.
    if (claimed.attempts < maxAttempts) return { problem: loaded.failure };
    return { problem: loaded.failure, status: "unavailable", checkedAt: new Date() };
  }
  const signals = await inspectOutput(loaded.bytes, expectedSize(claimed));
  return { ...signals, status: "checked", checkedAt: new Date() };
}

/**
 * The "quality.check" job: measures one output and records what it found. No lock is held while the
 * file downloads. The claim and the record are each one statement, and the record applies only to the
 * attempt this run claimed, so a check is recorded once even if an attempt is made twice. A file that
 * could not be had is tried again later, by a job the record's statement schedules.
 */
export async function checkOutput(generationId: string): Promise<void> {
  const claimed = await claim(generationId);
  if (!claimed) return;
  const outcome = await outcomeOf(claimed);
  const delay = claimed.attempts === 1 ? secondAttemptAfterSeconds : thirdAttemptAfterSeconds;
  const recorded = db
    .update(qualityChecks)
    .set(outcome)
    .where(
      and(
        eq(qualityChecks.generationId, generationId),
        eq(qualityChecks.status, "pending"),
        eq(qualityChecks.attempts, claimed.attempts),
      ),
    )
    .returning({ status: qualityChecks.status });
  const retry = addJobCall("quality.check", sql`json_build_object('generationId', ${generationId}::text)`, {
    runAt: sql`${new Date(Date.now() + delay * 1000).toISOString()}`,
  });
  await db.execute(sql`with recorded as ${recorded} select ${retry} from recorded where status = 'pending'`);
}
