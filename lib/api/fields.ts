import "server-only";
import { z } from "zod";

/**
 * The building blocks of the host API's input rules. Each refusal message states the rule, so that
 * "amount: must be a whole number between 1 and 1000000000" tells the caller what to send instead.
 */

type Issue = { input?: unknown };

/** A missing field says so; any other wrong value gets the rule. */
function rule(message: string) {
  return { error: (issue: Issue) => (issue.input === undefined ? "is required" : message) };
}

/** Postgres text refuses NUL, and an unpaired surrogate would be stored altered, so a retry would no longer match. */
function storable<Schema extends z.ZodType<string>>(schema: Schema) {
  return schema.refine((value) => !value.includes("\u0000") && value.isWellFormed(), {
    error: "must not contain NUL or unpaired surrogate characters",
  });
}

export function object<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, { error: "must be a JSON object" });
}

/** Hosts often send null for "not given"; both mean the same here. */
export function optional<Schema extends z.ZodType>(schema: Schema) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const hostIdRule = "must be 1 to 128 characters of A-Z, a-z, 0-9, _ . : -";
export const hostId = z.string(rule(hostIdRule)).regex(/^[A-Za-z0-9_.:-]{1,128}$/, { error: hostIdRule });

export function text(max: number) {
  const message = `must be text of 1 to ${max} characters`;
  return storable(z.string(rule(message)).min(1, { error: message }).max(max, { error: message }));
}

const emailRule = "must be an email address of at most 254 characters";
export const email = storable(z.email(rule(emailRule)).max(254, { error: emailRule }));

const urlRule = "must be an http or https URL of at most 2048 characters";
export const url = storable(z.url({ protocol: /^https?$/, ...rule(urlRule) }).max(2048, { error: urlRule }));

/** Generation costs are stored as 32-bit integers; a billion credits is far beyond any real price. */
const maxCredits = 1_000_000_000;
const creditsRule = `must be a whole number between 1 and ${maxCredits}`;
export const credits = z.int(rule(creditsRule)).min(1, { error: creditsRule }).max(maxCredits, { error: creditsRule });

const pixelsRule = "must be a whole number of pixels between 1 and 100000";
export const pixels = z.int(rule(pixelsRule)).min(1, { error: pixelsRule }).max(100_000, { error: pixelsRule });

export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, rule(`must be one of ${values.join(", ")}`));
}

/** Two machines' clocks never agree exactly: a host stamping "now" must not be refused for being a second ahead. */
const clockSkewMs = 60_000;
/** Before the epoch is certainly a mistake, and Postgres cannot store year 0 at all. */
const earliest = Date.UTC(1970, 0, 1);

export const pastTime = z.iso
  .datetime({ offset: true, ...rule("must be an ISO 8601 time such as 2024-05-01T12:00:00Z") })
  .transform((value) => new Date(value))
  .refine((time) => time.getTime() >= earliest, { error: "must not be before 1970" })
  .refine((time) => time.getTime() <= Date.now() + clockSkewMs, { error: "must not be in the future" });
