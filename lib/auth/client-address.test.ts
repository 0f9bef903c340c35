import { describe, expect, it } from "vitest";
import { clientAddress, unreadableAddress } from "./client-address";

function forwardedFor(value?: string) {
  return new Headers(value === undefined ? {} : { "x-forwarded-for": value });
}

describe("the address a sign-in is counted under", () => {
  it("with no proxy, is the socket address that next start puts in X-Forwarded-For", () => {
    expect(clientAddress(forwardedFor("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddress(forwardedFor("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
  });

  it("with proxies, is the entry the outermost trusted proxy appended, whatever the client wrote before it", () => {
    const chain = "1.1.1.1, 2.2.2.2, 198.51.100.7, 10.0.0.2";
    expect(clientAddress(forwardedFor(chain), 1)).toBe("10.0.0.2");
    expect(clientAddress(forwardedFor(chain), 2)).toBe("198.51.100.7");
    expect(clientAddress(forwardedFor("6.6.6.6,198.51.100.7,10.0.0.2"), 2)).toBe("198.51.100.7");
  });

  it("never takes the first entry, which the client writes", () => {
    expect(clientAddress(forwardedFor("6.6.6.6, 198.51.100.7"), 1)).toBe("198.51.100.7");
  });

  it("counts a missing or made-up address under one shared name", () => {
    expect(clientAddress(forwardedFor(), 0)).toBe(unreadableAddress);
    expect(clientAddress(forwardedFor("not-an-address"), 0)).toBe(unreadableAddress);
    expect(clientAddress(forwardedFor("198.51.100.7, ,garbage"), 1)).toBe(unreadableAddress);
  });

  it("with fewer entries than hops, falls back to the leftmost one there is", () => {
    expect(clientAddress(forwardedFor("198.51.100.7"), 3)).toBe("198.51.100.7");
  });
});
