import "server-only";
import { sql } from "drizzle-orm";
import { db, type Executor } from "@/db/client";
import { fileKeyOf } from "@/lib/generations/files";
import { OutboundFailure, outboundFetch } from "@/lib/http/outbound";
import { keepRepeating, type Repeating } from "@/lib/jobs/keep-repeating";
import { renderedOnce } from "@/lib/sql/rendered-once";
import { getFile } from "@/lib/storage/file-store";
import { unmeasured } from "./checks";
import { inspectOutput, type QualitySignals } from "./inspect";

/** A host's file server can have a bad moment; three misses over a few minutes is no longer a moment. */
export const maxAttempts = 3;
/**
 * The wait before the second attempt, and before the third. A claim sets it before the attempt is made,
 * so a check whose worker was killed is tried again as one whose file could not be had.
 */
const secondAttemptAfterSeconds = 30;
const thirdAttemptAfterSeconds = 120;
/**
 * Checks one job worker makes at once: downloads overlap, and the decoding keeps libuv's four threads busy.
 * Each decoded output can take up to 256 MB.
 */
const checksAtOnce = 6;
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

export type ClaimedCheck = {
  generationId: string;
  attempts: number;
  expectedWidth: number | null;
  expectedHeight: number | null;
  outputUrl: string | null;
};

/**
 * Claims up to `limit` checks that are due, oldest due first, in one statement. Each claim counts its
 * attempt before making it and moves the check's next attempt to the retry's time, so a check is made by
 * one worker at a time (the others skip the rows it has locked) and one cut short is tried again later.
 */
const claimStatement = renderedOnce<ClaimedCheck, { limit: number }>(
  (value) => sql`
    with due as (
      select generation_id from quality_checks
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at limit ${value("limit")}
      for update skip locked
    )
    update quality_checks q set attempts = q.attempts + 1,
      next_attempt_at = now() + case when q.attempts = 0
        then interval '${sql.raw(String(secondAttemptAfterSeconds))} seconds'
        else interval '${sql.raw(String(thirdAttemptAfterSeconds))} seconds' end
    from due join generations g on g.id = due.generation_id
    where q.generation_id = due.generation_id
    returning q.generation_id as "generationId", q.attempts, q.expected_width as "expectedWidth",
      q.expected_height as "expectedHeight", g.output_url as "outputUrl"`,
);

export function claimDueChecks(executor: Executor, limit: number): Promise<ClaimedCheck[]> {
  return claimStatement(executor, { limit });
}

function expectedSize({ expectedWidth, expectedHeight }: ClaimedCheck) {
  return expectedWidth !== null && expectedHeight !== null ? { width: expectedWidth, height: expectedHeight } : null;
}

/** What an attempt found: a pending check that failed to get its file is tried again. */
type Outcome = QualitySignals & { status: "pending" | "checked" | "unavailable"; checkedAt: string | null };

async function outcomeOf(claimed: ClaimedCheck): Promise<Outcome> {
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

type RecordValues = Outcome & { generationId: string; attempts: number };

/** Records an attempt's outcome, unless another attempt was claimed since; a pending one keeps the claim's retry time. */
const recordStatement = renderedOnce<Record<string, never>, RecordValues>(
  (value) => sql`
    update quality_checks set status = ${value("status")}::quality_status,
      checked_at = ${value("checkedAt")}::timestamptz,
      next_attempt_at = case when ${value("status")}::quality_status = 'pending' then next_attempt_at end,
      decodes = ${value("decodes")}::boolean, format = ${value("format")}::text, width = ${value("width")}::int,
      height = ${value("height")}::int, uniform = ${value("uniform")}::boolean, spread = ${value("spread")}::real,
      problem = ${value("problem")}::text
    where generation_id = ${value("generationId")} and status = 'pending' and attempts = ${value("attempts")}::int`,
);

/**
 * Measures one claimed output and records what it found. No lock is held while the file downloads, and
 * the record applies only to the attempt this claim counted, so a check is recorded once even if an
 * attempt is made twice. A file that could not be had is tried again when the claim's retry time comes.
 */
export async function checkClaimed(claimed: ClaimedCheck, executor: Executor = db): Promise<void> {
  const outcome = await outcomeOf(claimed);
  await recordStatement(executor, { ...outcome, generationId: claimed.generationId, attempts: claimed.attempts });
}

/**
 * Keeps checking due outputs until stopped, up to `checksAtOnce` at a time. It claims again once half of
 * them are done, so that under a backlog each claim takes several checks in one statement. A check whose
 * record fails is logged and left to its retry time.
 */
export function keepCheckingOutputs(executor: Executor = db): Repeating {
  const inFlight = new Set<Promise<void>>();
  const begin = (claimed: ClaimedCheck) => {
    const checking: Promise<void> = checkClaimed(claimed, executor)
      .catch((error: unknown) => console.error(`The quality check of ${claimed.generationId} failed.`, error))
      .finally(() => inFlight.delete(checking));
    inFlight.add(checking);
  };
  const checking = keepRepeating(
    async () => {
      if (inFlight.size > checksAtOnce / 2) {
        await Promise.race(inFlight);
        return true;
      }
      const room = checksAtOnce - inFlight.size;
      const claimed = await claimDueChecks(executor, room);
      claimed.forEach(begin);
      return claimed.length === room;
    },
    {
      failing: "Due quality checks cannot be claimed; trying again.",
      recovered: "Due quality checks are being claimed again.",
    },
  );
  return {
    stop: async () => {
      await checking.stop();
      await Promise.all(inFlight);
    },
  };
}
