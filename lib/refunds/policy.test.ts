import { describe, expect, it } from "vitest";
import { defaultContextEligibility, defaultFeatureEligibility } from "@/tests/support/default-eligibility";
import { decideRefund, type PolicyFacts, type RuleName } from "./policy";

const now = new Date("2026-11-21T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

type Overrides = {
  settings?: Partial<PolicyFacts["settings"]>;
  generation?: Partial<PolicyFacts["generation"]>;
  platforms?: PolicyFacts["eligibility"]["platforms"];
  contexts?: PolicyFacts["eligibility"]["contexts"];
  customer?: Partial<PolicyFacts["customer"]>;
  recent?: Partial<PolicyFacts["recent"]>;
  unusableFindings?: string[];
  downloadedThenUsed?: boolean | null;
};

/** An ordinary report that the default policy approves at once; each case changes only what it tests. */
function facts(overrides: Overrides = {}): PolicyFacts {
  return {
    now,
    settings: {
      version: 7,
      windowHours: 72,
      minDetailsLength: 15,
      softLimitRequests: 5,
      hardLimitRequests: 20,
      refundedSharePercent: 30,
      minAccountAgeHours: 24,
      slaHours: 24,
      denyDownloadedThenUsed: false,
      ...overrides.settings,
    },
    generation: {
      status: "succeeded",
      createdAt: hoursAgo(3),
      featureName: "Virtual Model",
      platform: "web",
      context: "editor",
      decisionMode: "instant",
      capturedCredits: 4,
      ...overrides.generation,
    },
    eligibility: {
      platforms: overrides.platforms ?? { ios: true, android: true, web: true },
      contexts: overrides.contexts ?? defaultContextEligibility,
    },
    customer: { suspended: false, signedUpAt: hoursAgo(24 * 90), ...overrides.customer },
    recent: { requests: 0, refundedCredits: 0, spentCredits: 40, ...overrides.recent },
    unusableFindings: overrides.unusableFindings ?? [],
    downloadedThenUsed: overrides.downloadedThenUsed ?? null,
  };
}

function verdictOf(decision: ReturnType<typeof decideRefund>, rule: RuleName) {
  return decision.trace.find((entry) => entry.rule === rule)?.verdict;
}

const blank = ["The image is blank: a single colour."];

describe("decideRefund", () => {
  const cases: {
    name: string;
    given: Overrides;
    outcome: "approve" | "deny" | "review";
    code?: string;
    rule: RuleName;
    message?: RegExp;
  }[] = [
    {
      name: "an ordinary eligible report is approved at once",
      given: {},
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
      message: /We refunded 4 credits/,
    },
    {
      name: "a suspended account is refused",
      given: { customer: { suspended: true } },
      outcome: "deny",
      code: "account.suspended",
      rule: "account_active",
      message: /suspended/,
    },
    {
      name: "a failed generation was refunded automatically",
      given: { generation: { status: "failed" } },
      outcome: "deny",
      code: "refund.generation_not_succeeded",
      rule: "generation_succeeded",
      message: /already returned to you automatically/,
    },
    {
      name: "an expired generation was released automatically",
      given: { generation: { status: "expired" } },
      outcome: "deny",
      code: "refund.generation_not_succeeded",
      rule: "generation_succeeded",
      message: /timed out/,
    },
    {
      name: "a report past the window is refused",
      given: { generation: { createdAt: hoursAgo(73) } },
      outcome: "deny",
      code: "refund.window_expired",
      rule: "within_window",
      message: /up to 3 days after they are made, and this one was made 3 days and 1 hour ago\./,
    },
    {
      name: "a report on the window's last hour is accepted",
      given: { generation: { createdAt: hoursAgo(72) } },
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
    },
    {
      name: "an admin-set window applies",
      given: { settings: { windowHours: 1 }, generation: { createdAt: hoursAgo(2) } },
      outcome: "deny",
      code: "refund.window_expired",
      rule: "within_window",
    },
    {
      name: "a feature not eligible on its platform is refused",
      given: { platforms: { ios: true, android: true, web: false } },
      outcome: "deny",
      code: "feature.not_eligible",
      rule: "feature_eligible",
      message: /Virtual Model results made on Web aren't covered/,
    },
    {
      name: "a platform missing from the matrix is not eligible",
      given: { platforms: {} },
      outcome: "deny",
      code: "feature.not_eligible",
      rule: "feature_eligible",
    },
    {
      name: "batch work is refused",
      given: { generation: { context: "batch" } },
      outcome: "deny",
      code: "feature.not_eligible",
      rule: "context_eligible",
      message: /batch mode/,
    },
    {
      name: "product catalog work is refused",
      given: { generation: { context: "product_catalog" } },
      outcome: "deny",
      code: "feature.not_eligible",
      rule: "context_eligible",
      message: /product catalog/,
    },
    {
      name: "the hard limit refuses",
      given: { recent: { requests: 20 } },
      outcome: "deny",
      code: "refund.limit_reached",
      rule: "hard_limit",
      message: /limit of 20 refund requests in 30 days/,
    },
    {
      name: "downloaded then used is refused when the setting is on",
      given: { settings: { denyDownloadedThenUsed: true }, downloadedThenUsed: true },
      outcome: "deny",
      code: "refund.used_downstream",
      rule: "not_used_downstream",
    },
    {
      name: "downloaded but not used passes when the setting is on",
      given: { settings: { denyDownloadedThenUsed: true }, downloadedThenUsed: false },
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
    },
    {
      name: "a clearly unusable output is approved by the checks",
      given: { unusableFindings: blank },
      outcome: "approve",
      code: "refund.unusable_output",
      rule: "clearly_unusable",
      message: /unusable \(the image is blank: a single colour\), so we refunded 4 credits/,
    },
    {
      name: "a clearly unusable output is approved even past the soft limit",
      given: { unusableFindings: blank, recent: { requests: 5 } },
      outcome: "approve",
      code: "refund.unusable_output",
      rule: "clearly_unusable",
    },
    {
      name: "a clearly unusable output past the window is still refused",
      given: { unusableFindings: blank, generation: { createdAt: hoursAgo(100) } },
      outcome: "deny",
      code: "refund.window_expired",
      rule: "within_window",
    },
    {
      name: "the soft limit sends to review",
      given: { recent: { requests: 5 } },
      outcome: "review",
      rule: "soft_limit",
      message: /review it within 24 hours/,
    },
    {
      name: "one request under the soft limit is approved",
      given: { recent: { requests: 4 } },
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
    },
    {
      name: "a refunded share over the threshold sends to review",
      given: { recent: { refundedCredits: 13, spentCredits: 40 } },
      outcome: "review",
      rule: "refunded_share",
    },
    {
      name: "a refunded share at the threshold is approved",
      given: { recent: { refundedCredits: 12, spentCredits: 40 } },
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
    },
    {
      name: "no spend at all is no refunded share",
      given: { recent: { refundedCredits: 0, spentCredits: 0 } },
      outcome: "approve",
      code: "refund.approved",
      rule: "decision_mode",
    },
    {
      name: "a young account goes to review",
      given: { customer: { signedUpAt: hoursAgo(23) } },
      outcome: "review",
      rule: "account_age",
    },
    {
      name: "a feature in review mode goes to review",
      given: { generation: { decisionMode: "review" } },
      outcome: "review",
      rule: "decision_mode",
    },
    {
      name: "the SLA in the message follows the settings",
      given: { generation: { decisionMode: "review" }, settings: { slaHours: 8 } },
      outcome: "review",
      rule: "decision_mode",
      message: /within 8 hours/,
    },
  ];

  it.each(cases)("$name", ({ given, outcome, code, rule, message }) => {
    const decision = decideRefund(facts(given));
    expect(decision.outcome).toBe(outcome);
    if (code) expect(decision).toMatchObject({ code });
    expect(verdictOf(decision, rule)).toBe(outcome);
    const firstDeciding = decision.trace.find((entry) => entry.verdict !== "pass" && entry.verdict !== "off");
    expect(firstDeciding?.rule).toBe(rule);
    if (message) expect(decision.message).toMatch(message);
  });

  it("says thank you for the feedback on every refusal", () => {
    expect(decideRefund(facts({ customer: { suspended: true } })).message).toMatch(/Thank you for your feedback\.$/);
  });

  it("traces every rule once, in order, with the policy version", () => {
    const decision = decideRefund(facts({ customer: { suspended: true }, recent: { requests: 25 } }));
    expect(decision.policyVersion).toBe(7);
    expect(decision.trace.map((entry) => entry.rule)).toEqual([
      "account_active",
      "generation_succeeded",
      "within_window",
      "feature_eligible",
      "context_eligible",
      "hard_limit",
      "not_used_downstream",
      "clearly_unusable",
      "soft_limit",
      "refunded_share",
      "account_age",
      "decision_mode",
    ]);
    expect(verdictOf(decision, "hard_limit")).toBe("deny");
    expect(verdictOf(decision, "not_used_downstream")).toBe("off");
  });

  describe("the default eligibility matrix", () => {
    const rows = Object.entries(defaultFeatureEligibility).flatMap(([feature, platforms]) =>
      (["ios", "android", "web"] as const).map((platform) => ({
        feature,
        platform,
        platforms,
        eligible: platforms[platform],
      })),
    );

    it.each(rows)("$feature on $platform is eligible: $eligible", ({ feature, platform, platforms, eligible }) => {
      const decision = decideRefund(facts({ generation: { featureName: feature, platform }, platforms }));
      expect(decision.outcome).toBe(eligible ? "approve" : "deny");
      expect(verdictOf(decision, "feature_eligible")).toBe(eligible ? "pass" : "deny");
    });

    it.each(Object.entries(defaultContextEligibility))("the %s context is eligible: %s", (context, eligible) => {
      const decision = decideRefund(
        facts({ generation: { context: context as PolicyFacts["generation"]["context"] } }),
      );
      expect(decision.outcome).toBe(eligible ? "approve" : "deny");
      expect(verdictOf(decision, "context_eligible")).toBe(eligible ? "pass" : "deny");
    });
  });
});
