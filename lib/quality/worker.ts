import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import { fileKeyOf } from "@/lib/generations/files";
import { OutboundFailure, outboundFetch } from "@/lib/http/outbound";
import { jobRequestsInsert } from "@/lib/jobs/enqueue";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { getFile } from "@/lib/storage/file-store";
import { unmeasured } from "./checks";
import { inspectOutput, type QualitySignals } from "./inspect";

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
const claimStatement = renderedOnce<Claimed, { generationId: string }>(
  (value) => sql`
    update quality_checks q set attempts = q.attempts + 1
    from generations g
    where q.generation_id = ${value("generationId")} and q.status = 'pending' and g.id = q.generation_id
    returning q.attempts, q.expected_width as "expectedWidth", q.expected_height as "expectedHeight",
      g.output_url as "outputUrl"`,
);

function expectedSize({ expectedWidth, expectedHeight }: Claimed) {
  return expectedWidth !== null && expectedHeight !== null ? { width: expectedWidth, height: expectedHeight } : null;
}

/** What an attempt found: a pending check that failed to get its file is tried again. */
type Outcome = QualitySignals & { status: "pending" | "checked" | "unavailable"; checkedAt: string | null };

async function outcomeOf(claimed: Claimed): Promise<Outcome> {
  const loaded = await load(claimed.outputUrl);
  const now = new Date().toISOString();
  if ("failure" in loaded) {
    // Not getting the file says nothing about the output, so it is never recorded as a broken one.
    const final = claimed.attempts >= maxAttempts;
    return {
      ...unmeasured,
      problem: loaded.failure,
      status: final ? "unavailable" : "pending",
      checkedAt: final ? now : null,
    };
  }
  return { ...(await inspectOutput(loaded.bytes, expectedSize(claimed))), status: "checked", checkedAt: now };
}

type RecordValues = Outcome & { generationId: string; attempts: number; retryAt: string };

/** Records an attempt's outcome, unless another attempt was claimed since, and schedules the next one while it is pending. */
const recordStatement = renderedOnce<Record<string, unknown>, RecordValues>(
  (value) => sql`
    with recorded as (
      update quality_checks set status = ${value("status")}::quality_status,
        checked_at = ${value("checkedAt")}::timestamptz, decodes = ${value("decodes")}::boolean,
        format = ${value("format")}::text, width = ${value("width")}::int, height = ${value("height")}::int,
        uniform = ${value("uniform")}::boolean, spread = ${value("spread")}::real, problem = ${value("problem")}::text
      where generation_id = ${value("generationId")} and status = 'pending' and attempts = ${value("attempts")}::int
      returning status
    )
    ${jobRequestsInsert(
      "quality.check",
      { payload: sql`json_build_object('generationId', ${value("generationId")}::text)`, runAt: value("retryAt") },
      sql`from recorded where status = 'pending'`,
    )}`,
);

/**
 * The "quality.check" job: measures one output and records what it found. No lock is held while the
 * file downloads. The claim and the record are each one statement, and the record applies only to the
 * attempt this run claimed, so a check is recorded once even if an attempt is made twice. A file that
 * could not be had is tried again later, by a job the record's statement schedules.
 */
export async function checkOutput(generationId: string): Promise<void> {
  const [claimed] = await claimStatement(db, { generationId });
  if (!claimed) return;
  const outcome = await outcomeOf(claimed);
  const delay = claimed.attempts === 1 ? secondAttemptAfterSeconds : thirdAttemptAfterSeconds;
  const retryAt = new Date(Date.now() + delay * 1000).toISOString();
  await recordStatement(db, { ...outcome, generationId, attempts: claimed.attempts, retryAt });
}
