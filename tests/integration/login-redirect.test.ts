import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { landingPath, sameOriginPath } from "@/lib/auth/landing";
import { person } from "../support/people";

const origin = "https://app.example";

/** Where a browser on this site would go if it were sent to this Location. */
function destination(location: string) {
  return new URL(location, `${origin}/login`);
}

const crafted = [
  "//evil.example",
  "//evil.example/admin",
  "/.//evil.example",
  "/./..//evil.example",
  "/../..//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  " //evil.example",
  "https://evil.example",
  "https:evil.example",
  "HTTPS://evil.example/admin",
  "http://evil.example",
  "//user@evil.example",
  "https://makegood.invalid@evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "///evil.example",
  "////evil.example",
  "/.%2F/evil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
];

describe("the page after signing in", () => {
  it.each(crafted)("never leaves the site for %j", (value) => {
    const path = sameOriginPath(value);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(destination(path).origin).toBe(origin);
  });

  it("keeps ordinary paths with their query", () => {
    expect(sameOriginPath("/admin/customers?q=ada")).toBe("/admin/customers?q=ada");
    expect(sameOriginPath("/support")).toBe("/support");
    expect(sameOriginPath("/refunds#latest")).toBe("/refunds");
    expect(sameOriginPath("")).toBe("/");
    expect(sameOriginPath(null)).toBe("/");
  });

  it("stays on the site for any string at all", () => {
    const pieces = fc.constantFrom(
      "/",
      "\\",
      ".",
      "..",
      "%2e",
      "%2f",
      "%5c",
      "\t",
      "\n",
      " ",
      "@",
      ":",
      "evil",
      "https:",
      "?",
      "#",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join("")),
        ),
        (value) => {
          const path = sameOriginPath(value);
          return path.startsWith("/") && !path.startsWith("//") && destination(path).origin === origin;
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("sends a signed-in person to their home instead of another site or a page their role may not open", async () => {
    await person("lena@example.com", "agent");
    expect(await landingPath("lena@example.com", "/.//evil.example")).toBe("/support");
    expect(await landingPath("lena@example.com", "/admin/staff")).toBe("/support");
    expect(await landingPath("lena@example.com", "/support?filter=mine")).toBe("/support?filter=mine");
  });
});
