import "server-only";
import { DomainError } from "@/lib/errors";
import type { HostRequest } from "@/lib/http/host-call";

export const maxBodyBytes = 64 * 1024;

function isJsonMediaType(contentType: string | null): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/**
 * The request's JSON body. A body of another media type is a 415, one longer than `maxBytes` a 413
 * (refused unread), and bytes that are not JSON in UTF-8, or a body cut off because the caller hung up,
 * a 400: each names `body`.
 */
export async function readJsonBody(request: HostRequest, maxBytes = maxBodyBytes): Promise<unknown> {
  if (!isJsonMediaType(request.header("content-type"))) {
    throw new DomainError(
      "validation.media_type",
      "body: must be JSON, sent with Content-Type: application/json",
      "body",
    );
  }
  // A caller that hangs up mid-body breaks the stream with the socket's ECONNRESET, which would otherwise
  // read as a lost database connection.
  const bytes = await request.body(maxBytes).catch(() => {
    throw new DomainError("validation.failed", "body: ended before it was complete", "body", { status: 400 });
  });
  if (!bytes) throw new DomainError("validation.too_large", `body: must be at most ${maxBytes / 1024} KiB`, "body");
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new DomainError("validation.failed", "body: must be valid JSON in UTF-8", "body", { status: 400 });
  }
}
