import "server-only";
import ipaddr from "ipaddr.js";
import { config } from "@/lib/config";

/** Every request whose address cannot be read is counted together, so a made-up value buys nothing. */
export const unreadableAddress = "unreadable";

/**
 * The address a sign-in is counted under, from X-Forwarded-For. Next.js 16 gives route handlers and
 * server actions no socket address (NextRequest.ip is gone since Next 15); `next start` writes the
 * socket's address into X-Forwarded-For itself, but only when the request has no such header. So:
 *
 * - with `hops` trusted proxies in front, each appending the address it was connected from, the
 *   client is the hops-th entry from the right; entries further left were written by the client;
 * - with no proxy (0), the one entry `next start` wrote is the socket address. A client that sends its
 *   own header is read from its rightmost entry, which it chose: only a proxy that sets the header
 *   closes that gap, which is why production runs behind one with TRUST_PROXY_HOPS set.
 */
export function clientAddress(headers: Headers, hops = config().trustProxyHops): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[Math.max(0, entries.length - Math.max(hops, 1))];
  if (!entry || !ipaddr.isValid(entry)) return unreadableAddress;
  return ipaddr.process(entry).toString();
}
