import "server-only";
import { invalidField } from "@/lib/errors";
import { readLimited } from "@/lib/http/read-limited";

export const maxBodyBytes = 64 * 1024;

function isJsonMediaType(contentType: string | null): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** The request's JSON body, or a validation.failed refusal naming `body`. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw invalidField("body", "must be JSON, sent with Content-Type: application/json");
  }
  const bytes = await readLimited(request, maxBodyBytes);
  if (!bytes) throw invalidField("body", `must be at most ${maxBodyBytes / 1024} KiB`);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalidField("body", "must be valid JSON in UTF-8");
  }
}
