import { afterEach, describe, expect, it, vi } from "vitest";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { POST as postCspReport } from "@/app/api/csp-report/route";
import { apiSecurityHeaders, contentSecurityPolicy } from "@/lib/http/security-headers.shared";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";

/** A page, and a signed-out visit to a staff page (a redirect). */
const paths = ["/login", "/admin"];

function through(path: string, init?: ConstructorParameters<typeof NextRequest>[1], origin = "http://makegood.test") {
  return proxy(new NextRequest(`${origin}${path}`, init));
}

function nonceOf(policy: string | null) {
  return policy?.match(/'nonce-([^']+)'/)?.[1];
}

describe("security headers from the proxy", () => {
  it.each(paths)("%s carries the policy and the plain headers, and no HSTS over http", async (path) => {
    const response = await through(path);
    const policy = response.headers.get("content-security-policy");
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic';/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("report-uri /api/csp-report");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(response.headers.get("reporting-endpoints")).toBe('csp="/api/csp-report"');
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("hands the page renderer the same policy it answers with, so Next.js stamps that nonce", async () => {
    const response = await through("/login");
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(
      response.headers.get("content-security-policy"),
    );
  });

  it("makes a fresh nonce for each response", async () => {
    const nonces = new Set<string | undefined>();
    for (let i = 0; i < 20; i++) nonces.add(nonceOf((await through("/login")).headers.get("content-security-policy")));
    expect(nonces.size).toBe(20);
    expect(nonces.has(undefined)).toBe(false);
  });

  it.each(paths)("%s adds HSTS and upgrades requests behind an https proxy", async (path) => {
    const response = await through(path, { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("adds HSTS to a request made over https directly", async () => {
    const response = await through("/login", undefined, "https://makegood.test");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("leaves HSTS out when the proxy in front says http", async () => {
    const response = await through("/login", { headers: { "x-forwarded-proto": "http" } });
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("allows eval only to React's development build", () => {
    const policy = (development: boolean) => contentSecurityPolicy({ nonce: "n", https: false, development });
    expect(policy(true)).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(policy(false)).not.toContain("unsafe-eval");
  });
});

describe("security headers of the routes the proxy skips", () => {
  const proxied = (url: string) => unstable_doesMiddlewareMatch({ config: proxyConfig, url });

  it("runs the proxy on pages and never on API routes or static files", () => {
    expect(["/", "/login", "/admin/insights", "/support"].filter(proxied)).toHaveLength(4);
    const skipped = ["/api/v1/generations", "/api/health", "/api/files/a.png", "/_next/static/chunks/a.js"];
    expect(skipped.filter(proxied)).toEqual([]);
  });

  it("gives every API route a policy that allows nothing, and HSTS behind an https proxy", async () => {
    const rules = (await nextConfig.headers!()).filter((rule) => rule.source === "/api/:path*");
    const plain = rules.find((rule) => !rule.has);
    const https = rules.find((rule) => rule.has);
    expect(Object.fromEntries(plain!.headers.map(({ key, value }) => [key, value]))).toEqual(apiSecurityHeaders);
    expect(apiSecurityHeaders["Content-Security-Policy"]).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    expect(https!.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
    expect(https!.headers).toEqual([
      { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
    ]);
  });
});

describe("POST /api/csp-report", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  afterEach(() => warn.mockClear());

  const post = (body: string, type: string) =>
    postCspReport(
      new Request("http://makegood.test/api/csp-report", { method: "POST", headers: { "content-type": type }, body }),
    );

  it("logs a report-uri report", async () => {
    const report = {
      "csp-report": {
        "document-uri": "http://makegood.test/login",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12,
      },
    };
    const response = await post(JSON.stringify(report), "application/csp-report");
    expect(response.status).toBe(204);
    expect(warn).toHaveBeenCalledOnce();
    const logged = JSON.parse(String(warn.mock.calls[0]![1]));
    expect(logged).toEqual({
      document: "http://makegood.test/login",
      directive: "script-src-elem",
      blocked: "inline",
      line: "12",
    });
  });

  it("logs each CSP violation of a Reporting API batch and skips other report types", async () => {
    const batch = [
      { type: "csp-violation", body: { documentURL: "http://makegood.test/", effectiveDirective: "img-src" } },
      { type: "deprecation", body: { id: "something-old" } },
      { type: "csp-violation", body: { documentURL: "http://makegood.test/support", blockedURL: "eval" } },
    ];
    const response = await post(JSON.stringify(batch), "application/reports+json");
    expect(response.status).toBe(204);
    expect(warn.mock.calls.map(([, line]) => JSON.parse(String(line)).document)).toEqual([
      "http://makegood.test/",
      "http://makegood.test/support",
    ]);
  });

  it("clips each field so that a forged report cannot flood the log", async () => {
    const report = { "csp-report": { "blocked-uri": "x".repeat(5000) } };
    expect((await post(JSON.stringify(report), "application/csp-report")).status).toBe(204);
    expect(JSON.parse(String(warn.mock.calls[0]![1])).blocked).toHaveLength(300);
  });

  it.each([
    ["not JSON", "<html>"],
    ["JSON of another shape", JSON.stringify({ hello: "world" })],
  ])("refuses %s with validation.failed and logs nothing", async (_, body) => {
    const response = await post(body, "application/csp-report");
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe("validation.failed");
    expect(warn).not.toHaveBeenCalled();
  });

  it("refuses a body past 32 KiB unread", async () => {
    const report = { "csp-report": { "blocked-uri": "x".repeat(40 * 1024) } };
    const response = await post(JSON.stringify(report), "application/csp-report");
    expect(response.status).toBe(413);
    expect(warn).not.toHaveBeenCalled();
  });
});
