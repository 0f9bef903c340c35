import { z } from "zod";

/**
 * Text a person must write: trimmed, not empty, and at most `max` characters. Forms and the actions
 * that check them share the limit, so the browser stops what the server would refuse.
 */
export function requiredText(missing: string, { max, what }: { max: number; what: string }) {
  return z
    .string(missing)
    .trim()
    .min(1, missing)
    .max(max, `Please keep ${what} under ${max.toLocaleString("en")} characters.`);
}
