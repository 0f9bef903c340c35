import "server-only";
import { z } from "zod";
import { contexts, decisionModes, generationStatuses, platforms } from "@/db/enums";
import type { PolicyFacts } from "./policy";

/**
 * The facts a request was decided on, kept in `refund_requests.facts` so that a draft policy can be
 * replayed on it: everything `decideRefund` was given except the settings, which the replay supplies.
 * Kept as JSON (times as ISO strings) under a version number, so that a later shape can still read
 * the requests stored before it.
 */

export type RequestFacts = Omit<PolicyFacts, "settings">;

// Read as text and made Dates once, in the final transform: a transform per field costs more than the rest.
const instant = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
/** A row of the eligibility matrix; a missing cell is not eligible. An object rather than a record, which zod reads several times faster. */
const flags = <Key extends string>(keys: readonly Key[]) =>
  z.object(
    Object.fromEntries(keys.map((key) => [key, z.boolean().optional()])) as Record<Key, z.ZodOptional<z.ZodBoolean>>,
  );

export const storedFactsSchema = z
  .object({
    v: z.literal(1),
    now: instant,
    generation: z.object({
      status: z.enum(generationStatuses).exclude(["running"]),
      createdAt: instant,
      featureName: z.string(),
      platform: z.enum(platforms),
      context: z.enum(contexts),
      decisionMode: z.enum(decisionModes),
      capturedCredits: count,
    }),
    eligibility: z.object({ platforms: flags(platforms), contexts: flags(contexts) }),
    customer: z.object({ suspended: z.boolean(), signedUpAt: instant }),
    recent: z.object({ requests: count, refundedCredits: count, spentCredits: count }),
    unusableFindings: z.array(z.string()),
    downloadedThenUsed: z.boolean().nullable(),
  })
  .transform((stored): RequestFacts => ({
    now: new Date(stored.now),
    generation: { ...stored.generation, createdAt: new Date(stored.generation.createdAt) },
    eligibility: stored.eligibility,
    customer: { suspended: stored.customer.suspended, signedUpAt: new Date(stored.customer.signedUpAt) },
    recent: stored.recent,
    unusableFindings: stored.unusableFindings,
    downloadedThenUsed: stored.downloadedThenUsed,
  }));

export type StoredFacts = z.input<typeof storedFactsSchema>;

/** The JSON written beside a request: the facts as the policy had them; a PolicyFacts' settings are left out. */
export function storedFacts(facts: RequestFacts): StoredFacts {
  return {
    v: 1,
    now: facts.now.toISOString(),
    generation: { ...facts.generation, createdAt: facts.generation.createdAt.toISOString() },
    eligibility: facts.eligibility,
    customer: { ...facts.customer, signedUpAt: facts.customer.signedUpAt.toISOString() },
    recent: facts.recent,
    unusableFindings: facts.unusableFindings,
    downloadedThenUsed: facts.downloadedThenUsed,
  };
}

/** Reads the column back; throws on anything that is not a known version's shape. */
export function readStoredFacts(json: unknown): RequestFacts {
  return storedFactsSchema.parse(json);
}
