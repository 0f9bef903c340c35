import "server-only";
import { DomainError } from "@/lib/errors";

export const maxBodyBytes = 64 * 1024;

function malformed(rule: string): DomainError {
  return new DomainError("validation.failed", `body: ${rule}`, "body");
}

function isJsonMediaType(contentType: string | null): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** Stops reading at the limit, so an endless body costs no more than 64 KiB of memory. */
async function readBytes(request: Request): Promise<Uint8Array> {
  const tooLarge = malformed(`must be at most ${maxBodyBytes / 1024} KiB`);
  if (Number(request.headers.get("content-length")) > maxBodyBytes) throw tooLarge;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

/** The request's JSON body, or a validation.failed refusal naming `body`. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw malformed("must be JSON, sent with Content-Type: application/json");
  }
  const bytes = await readBytes(request);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw malformed("must be valid JSON in UTF-8");
  }
}
