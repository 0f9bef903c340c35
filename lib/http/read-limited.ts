import "server-only";

/**
 * A request's or a response's body, or null when it is longer than `maxBytes`. Reading stops at the
 * limit, so an endless body costs no more memory than that; the bytes are counted as they arrive,
 * since a Content-Length header can be missing or lie, and one that admits too much is refused unread.
 */
export async function readLimited(message: Request | Response, maxBytes: number): Promise<Buffer | null> {
  if (Number(message.headers.get("content-length")) > maxBytes) {
    await message.body?.cancel();
    return null;
  }
  if (!message.body) return Buffer.alloc(0);
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}
