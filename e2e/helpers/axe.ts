import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** WCAG 2.1 A and AA, which is what issue #14 holds every page to. */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const blocking = new Set(["serious", "critical"]);
/**
 * Markup this app does not write, left out of the audit; the page around it is still checked. Scalar's
 * API reference (/docs/api) has its own sidebar and tab widgets, whose ARIA, contrast and icon buttons
 * are its maintainers' to fix.
 */
const thirdPartyRegions = [".scalar-app"];

/**
 * Collects what axe finds on each page and state a test visits, so that one run lists every page's
 * violations instead of stopping at the first.
 */
export function axeAudit(page: Page) {
  const found: string[] = [];
  return {
    async check(label: string) {
      const results = await new AxeBuilder({ page }).withTags(wcagTags).exclude(thirdPartyRegions).analyze();
      for (const violation of results.violations) {
        if (!blocking.has(violation.impact ?? "")) continue;
        const targets = violation.nodes.map((node) => `      ${node.target.join(" ")}`).join("\n");
        found.push(`${label}: ${violation.id} (${violation.impact}) ${violation.help}\n${targets}`);
      }
    },
    expectClean() {
      expect(found, `serious or critical accessibility violations:\n\n${found.join("\n\n")}`).toEqual([]);
    },
  };
}
