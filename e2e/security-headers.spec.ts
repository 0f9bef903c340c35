import { expect, test } from "./fixtures";

const hsts = "max-age=63072000; includeSubDomains";

function expectPlainHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
}

function expectApiPolicy(headers: Record<string, string>, what: string) {
  expectPlainHeaders(headers, what);
  expect(headers["content-security-policy"], what).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  expect(headers["x-frame-options"], what).toBe("DENY");
}

function expectPolicy(headers: Record<string, string>, what: string) {
  expectPlainHeaders(headers, what);
  const policy = headers["content-security-policy"];
  expect(policy, what).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic';/);
  expect(policy, what).toContain("frame-ancestors 'none'");
  expect(policy, what).not.toContain("unsafe-eval");
}

test("a page, its scripts, an API route and the host API's JSON carry the security headers, without HSTS over http", async ({
  request,
}) => {
  const login = await request.get("/login");
  expectPolicy(login.headers(), "/login");
  const nonce = login.headers()["content-security-policy"]!.match(/'nonce-([^']+)'/)![1]!;
  const html = await login.text();
  // Next.js stamped this response's nonce on the scripts it rendered, and every script has it.
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

  const chunk = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)![1]!;
  for (const path of ["/api/health", "/api/v1/openapi.json"])
    expectApiPolicy((await request.get(path)).headers(), path);
  expectPlainHeaders((await request.get(chunk)).headers(), chunk);
  const redirect = await request.get("/admin", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectPolicy(redirect.headers(), "the redirect from /admin");

  for (const path of ["/login", "/api/health", chunk]) {
    expect((await request.get(path)).headers()["strict-transport-security"], path).toBeUndefined();
  }
  expect((await request.get("/login")).headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
});

test("behind an https proxy every response adds HSTS", async ({ request }) => {
  const https = { "x-forwarded-proto": "https" };
  const login = await request.get("/login", { headers: https });
  const chunk = (await login.text()).match(/src="(\/_next\/static\/[^"]+\.js)"/)![1]!;
  for (const path of ["/login", "/api/health", "/api/v1/openapi.json", chunk]) {
    expect((await request.get(path, { headers: https })).headers()["strict-transport-security"], path).toBe(hsts);
  }
});

test("an inline script slipped into a page is blocked and counted as a violation", async ({ page, cspViolations }) => {
  await page.route("/login", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace("</body>", "<script>window.injected = true</script></body>");
    await route.fulfill({ response, body });
  });
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(await page.evaluate(() => "injected" in window)).toBe(false);
  await expect.poll(() => cspViolations.join("\n")).toMatch(/script-src-elem blocked inline on .*\/login/);
  // Seen and asserted: the fixture would otherwise fail this test for it, as it fails any other.
  cspViolations.length = 0;
});

test("the API reference renders under the policy", async ({ page }) => {
  await page.goto("/docs/api");
  // The reference loads in the browser only, and then fetches the document: slow on a busy machine.
  await expect(page.getByRole("heading", { name: "Makegood host API" })).toBeVisible({ timeout: 20_000 });
});

test("the report endpoint takes both report formats and refuses anything else", async ({ request }) => {
  const legacy = { "csp-report": { "document-uri": "http://localhost/", "blocked-uri": "inline" } };
  const batch = [{ type: "csp-violation", body: { documentURL: "http://localhost/", blockedURL: "eval" } }];
  const post = (data: string, type: string) =>
    request.post("/api/csp-report", { data, headers: { "content-type": type } });
  expect((await post(JSON.stringify(legacy), "application/csp-report")).status()).toBe(204);
  expect((await post(JSON.stringify(batch), "application/reports+json")).status()).toBe(204);
  expect((await post("{}", "application/csp-report")).status()).toBe(422);
});
