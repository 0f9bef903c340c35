import type { LookupAddress } from "node:dns";
import { once } from "node:events";
import http from "node:http";
import { isIP, type AddressInfo } from "node:net";
import ipaddr from "ipaddr.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  checkOutboundUrl,
  guardedFetch,
  isPublicAddress,
  outboundGuard,
  privateAddressSentence,
  type OutboundGuard,
} from "./outbound";

// Names resolve only here (IP literals and localhost aside), so no lookup leaves the machine.
const stubbedNames = vi.hoisted(() => new Map<string, LookupAddress[]>());
vi.mock("node:dns/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = (hostname: string, options: object) => {
    const stubbed = stubbedNames.get(hostname);
    if (stubbed) return Promise.resolve(stubbed);
    if (hostname === "localhost" || isIP(hostname)) return actual.lookup(hostname, options);
    return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
  };
  return { ...actual, default: { ...actual, lookup }, lookup };
});

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
stubbedNames.set("files.example.test", [v4("127.0.0.1")]);
stubbedNames.set("metadata.example.test", [v4("169.254.169.254")]);
stubbedNames.set("public.example.test", [v4("93.184.216.34")]);
stubbedNames.set("split.example.test", [v4("93.184.216.34"), v4("10.1.2.3")]);

const publicOnly = outboundGuard(false);
/** A test server listens on loopback at a random port; every other address must still be public. */
const loopbackToo: OutboundGuard = {
  anyPort: true,
  allowsAddress: (address) => address.range() === "loopback" || isPublicAddress(address),
};
const portRule = "Only ports 80 and 443 are allowed.";
const schemeRule = "Only http and https addresses are allowed.";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port };
}

const get = { timeoutMs: 2_000, maxBytes: 1024 * 1024 };

describe("checkOutboundUrl", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.8.9.10/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://localhost/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://metadata.example.test/",
    "http://split.example.test/",
  ])("refuses %s", async (url) => {
    expect(await checkOutboundUrl(url, publicOnly)).toBe(privateAddressSentence);
  });

  it.each([
    "http://93.184.216.34/",
    "https://93.184.216.34/path?query",
    "http://93.184.216.34:443/",
    "https://93.184.216.34:80/",
    "http://[2606:4700::1111]/",
    "https://public.example.test/hook",
  ])("allows %s", async (url) => {
    expect(await checkOutboundUrl(url, publicOnly)).toBeNull();
  });

  it.each([
    ["ftp://93.184.216.34/", schemeRule],
    ["file:///etc/passwd", schemeRule],
    ["gopher://93.184.216.34/", schemeRule],
    ["data:text/plain,hello", schemeRule],
    ["http://93.184.216.34:8080/", portRule],
    ["https://93.184.216.34:22/", portRule],
    ["not a url", "The address is not a valid URL."],
    ["http://no-such-host.invalid/", "The address could not be found."],
  ])("refuses %s", async (url, sentence) => {
    expect(await checkOutboundUrl(url, publicOnly)).toBe(sentence);
  });

  it("lifts the address and port rules, not the scheme rule, when private URLs are allowed", async () => {
    const anything = outboundGuard(true);
    expect(await checkOutboundUrl("http://169.254.169.254:8080/", anything)).toBeNull();
    expect(await checkOutboundUrl("http://[::1]:5432/", anything)).toBeNull();
    expect(await checkOutboundUrl("file:///etc/passwd", anything)).toBe(schemeRule);
  });

  it("judges addresses by ipaddr's ranges, IPv4-mapped ones as IPv4", () => {
    expect(isPublicAddress(ipaddr.process("::ffff:93.184.216.34"))).toBe(true);
    expect(isPublicAddress(ipaddr.process("::ffff:192.168.0.1"))).toBe(false);
  });
});

describe("guardedFetch", () => {
  it("answers with the status, headers and body, sending the method, headers, body and Host", async () => {
    const seen: { method?: string; host?: string; signature?: string; body: string }[] = [];
    const { port } = await serve(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += String(chunk);
      seen.push({
        method: request.method,
        host: request.headers.host,
        signature: request.headers["x-sig"] as string,
        body,
      });
      response.writeHead(201, { "x-answer": "yes" }).end("thanks");
    });
    // The name resolves (here) to loopback only; the connection goes to that checked address.
    const answer = await guardedFetch(
      `http://files.example.test:${port}/hook`,
      { method: "POST", headers: { "x-sig": "v1,abc" }, body: '{"a":1}', ...get },
      loopbackToo,
    );
    expect(answer).toMatchObject({ status: 201, truncated: false });
    expect(answer.headers.get("x-answer")).toBe("yes");
    expect(answer.body.toString()).toBe("thanks");
    expect(seen).toEqual([
      { method: "POST", host: `files.example.test:${port}`, signature: "v1,abc", body: '{"a":1}' },
    ]);
  });

  it("keeps a connection alive for the next request to the same origin at the same checked address", async () => {
    const connections: string[] = [];
    const server = http.createServer((_request, response) => response.end("ok"));
    servers.push(server);
    server.on("connection", (socket) => connections.push(socket.localAddress ?? ""));
    server.listen(0, "0.0.0.0");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    stubbedNames.set("moving.example.test", [v4("127.0.0.1")]);

    for (let i = 0; i < 3; i++) {
      expect((await guardedFetch(`http://moving.example.test:${port}/file`, get, loopbackToo)).status).toBe(200);
    }
    expect(connections).toEqual(["127.0.0.1"]);

    // The name now resolves elsewhere: the open connection, made to the old address, is not used for it.
    stubbedNames.set("moving.example.test", [v4("127.0.0.2")]);
    expect((await guardedFetch(`http://moving.example.test:${port}/file`, get, loopbackToo)).status).toBe(200);
    expect(connections).toEqual(["127.0.0.1", "127.0.0.2"]);
  });

  it("lets a request in flight finish when its pool is the least recently used one and is let go", async () => {
    const { port } = await serve((request, response) => {
      if (request.url === "/slow") setTimeout(() => response.end("late"), 300);
      else response.end("ok");
    });
    stubbedNames.set("slow.example.test", [v4("127.0.0.1")]);
    const slow = guardedFetch(`http://slow.example.test:${port}/slow`, get, loopbackToo);
    // More origins than the pools kept, each used after the slow one's: its pool is the first to go.
    for (let i = 0; i < 70; i++) {
      stubbedNames.set(`origin-${i}.example.test`, [v4("127.0.0.1")]);
      await guardedFetch(`http://origin-${i}.example.test:${port}/`, get, loopbackToo);
    }

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("late");
  });

  it("follows redirects by hand, a 303 after a POST as a GET", async () => {
    const hits: string[] = [];
    const { url } = await serve((request, response) => {
      hits.push(`${request.method} ${request.url}`);
      if (request.url === "/start") return void response.writeHead(303, { location: "/moved" }).end();
      if (request.url === "/moved") return void response.writeHead(302, { location: `${url}/there` }).end();
      response.writeHead(200).end("arrived");
    });
    const answer = await guardedFetch(`${url}/start`, { method: "POST", body: "x", ...get }, loopbackToo);
    expect(answer.body.toString()).toBe("arrived");
    expect(hits).toEqual(["POST /start", "GET /moved", "GET /there"]);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "http://metadata.example.test/latest/meta-data/",
    "http://10.0.0.1/",
  ])("checks every hop again: a redirect to %s is refused before connecting", async (target) => {
    const hits: string[] = [];
    const { url } = await serve((request, response) => {
      hits.push(request.url!);
      response.writeHead(302, { location: target }).end();
    });
    await expect(guardedFetch(`${url}/start`, get, loopbackToo)).rejects.toMatchObject({
      sentence: privateAddressSentence,
    });
    expect(hits).toEqual(["/start"]);
  });

  it("refuses a private address without connecting to it", async () => {
    const hits: string[] = [];
    const { port } = await serve((request, response) => {
      hits.push(request.url!);
      response.end();
    });
    const publicAnyPort = { ...publicOnly, anyPort: true };
    await expect(guardedFetch(`http://127.0.0.1:${port}/`, get, publicAnyPort)).rejects.toMatchObject({
      sentence: privateAddressSentence,
    });
    await expect(guardedFetch(`http://127.0.0.1:${port}/`, get, publicOnly)).rejects.toMatchObject({
      sentence: portRule,
    });
    expect(hits).toEqual([]);
  });

  it("follows five redirects and refuses a sixth", async () => {
    let hits = 0;
    const { url } = await serve((request, response) => {
      hits++;
      const hop = Number(request.url!.slice(1));
      if (hop >= 5 && request.headers["x-limit"] === "5") return void response.writeHead(200).end("done");
      response.writeHead(307, { location: `/${hop + 1}` }).end();
    });
    const five = await guardedFetch(`${url}/0`, { ...get, headers: { "x-limit": "5" } }, loopbackToo);
    expect([five.status, hits]).toEqual([200, 6]);
    hits = 0;
    await expect(guardedFetch(`${url}/0`, get, loopbackToo)).rejects.toMatchObject({ sentence: "Too many redirects." });
    expect(hits).toBe(6);
  });

  it("cuts a body past the cap, reading no further", async () => {
    let sent = 0;
    const { url } = await serve((request, response) => {
      response.on("error", () => {});
      if (request.url === "/declared") {
        response.writeHead(200, { "content-length": String(10 * 1024 * 1024) }).write(Buffer.alloc(1024));
        return;
      }
      response.writeHead(200);
      const more = () => {
        while (!response.destroyed && sent < 100) {
          sent++;
          if (!response.write(Buffer.alloc(1024 * 1024, 7))) return void response.once("drain", more);
        }
        response.end();
      };
      more();
    });
    const streamed = await guardedFetch(`${url}/streamed`, { timeoutMs: 5_000, maxBytes: 100_000 }, loopbackToo);
    expect(streamed).toMatchObject({ status: 200, truncated: true });
    expect(streamed.body).toEqual(Buffer.alloc(100_000, 7));
    const declared = await guardedFetch(`${url}/declared`, { timeoutMs: 5_000, maxBytes: 100_000 }, loopbackToo);
    expect(declared).toMatchObject({ status: 200, truncated: true, body: Buffer.alloc(0) });
    expect(sent).toBeLessThan(50);
  });

  it("gives up when no answer comes within the timeout, a slow body included", async () => {
    const { url } = await serve((request, response) => {
      if (request.url === "/slow-body") response.writeHead(200).write("a little");
    });
    for (const path of ["/silent", "/slow-body"]) {
      const started = performance.now();
      await expect(
        guardedFetch(`${url}${path}`, { timeoutMs: 300, maxBytes: 1024 }, loopbackToo),
      ).rejects.toMatchObject({ sentence: "No answer within 0.3 seconds." });
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it("says the connection was refused, without the network's own words", async () => {
    const { url } = await serve(() => {});
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    const failure = await guardedFetch(`${url}/`, get, loopbackToo).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "OutboundFailure", sentence: "The connection was refused." });
    expect((failure as Error).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});
