import "server-only";
import type { z } from "zod";
import { invalidField } from "@/lib/errors";
import { firstIssue } from "@/lib/validation/issues.shared";

/**
 * The value as the schema makes it, or a validation.failed refusal naming the first broken rule's field;
 * `whole` names the input when the rule is about all of it.
 */
export function validated<S extends z.ZodType>(schema: S, value: unknown, whole = "body"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { field, message } = firstIssue(result.error, whole);
  throw invalidField(field, message);
}
