import { describe, expect, it } from "vitest";
import { decidePurchaseRefund, refundFigures, type PurchaseRefundFacts, type PurchaseRuleName } from "./refund-policy";

const now = new Date("2026-11-21T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

type Overrides = {
  settings?: Partial<PurchaseRefundFacts["settings"]>;
  purchase?: Partial<PurchaseRefundFacts["purchase"]>;
  customer?: Partial<PurchaseRefundFacts["customer"]>;
  available?: number;
  creditsUsedSince?: number;
  dayPassUses?: PurchaseRefundFacts["dayPassUses"];
};

/** A credit pack bought yesterday and not touched since, which the default policy approves at once. */
function facts(overrides: Overrides = {}): PurchaseRefundFacts {
  return {
    now,
    settings: {
      version: 4,
      purchaseRefundWindowDays: 7,
      dayPassSubstantialUse: 3,
      duplicateWindowHours: 24,
      slaHours: 24,
      ...overrides.settings,
    },
    purchase: {
      productName: "100 credits",
      kind: "credit_pack",
      amount: 999,
      currency: "USD",
      credits: 100,
      creditsReversed: 0,
      moneyRefunded: 0,
      purchasedAt: daysAgo(1),
      renewal: false,
      cancelRequestedAt: null,
      possibleDuplicate: false,
      ...overrides.purchase,
    },
    customer: { suspended: false, ...overrides.customer },
    available: overrides.available ?? 130,
    creditsUsedSince: overrides.creditsUsedSince ?? 0,
    dayPassUses: overrides.dayPassUses === undefined ? null : overrides.dayPassUses,
  };
}

const dayPass = (uses: { generations: number; downloads: number }): Overrides => ({
  purchase: { kind: "day_pass", productName: "24-hour pass", amount: 499, credits: 200, purchasedAt: hoursAgo(30) },
  dayPassUses: uses,
  available: 200,
});

function verdictOf(decision: ReturnType<typeof decidePurchaseRefund>, rule: PurchaseRuleName) {
  return decision.trace.find((entry) => entry.rule === rule)?.verdict;
}

describe("decidePurchaseRefund", () => {
  const cases: {
    name: string;
    given: Overrides;
    outcome: "approve" | "deny" | "review";
    code?: string;
    rule: PurchaseRuleName;
    message?: RegExp;
    figures?: { creditsReversed: number; moneyRefunded: number };
  }[] = [
    {
      name: "an untouched purchase is approved at once, in full",
      given: {},
      outcome: "approve",
      code: "purchase_refund.untouched",
      rule: "credits_untouched",
      message: /^We're refunding \$9\.99 to your payment method and took back 100 credits\.$/,
      figures: { creditsReversed: 100, moneyRefunded: 999 },
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
      name: "a suspended account is refused before anything else, a duplicate included",
      given: { customer: { suspended: true }, purchase: { possibleDuplicate: true, purchasedAt: daysAgo(30) } },
      outcome: "deny",
      code: "account.suspended",
      rule: "account_active",
    },
    {
      name: "a request past the window is refused",
      given: { purchase: { purchasedAt: hoursAgo(7 * 24 + 1) } },
      outcome: "deny",
      code: "purchase_refund.window_expired",
      rule: "within_window",
      message: /up to 7 days after they are made, and this one was made 7 days ago\./,
    },
    {
      name: "a request on the window's last moment is accepted",
      given: { purchase: { purchasedAt: daysAgo(7) } },
      outcome: "approve",
      code: "purchase_refund.untouched",
      rule: "credits_untouched",
    },
    {
      name: "an admin-set window applies",
      given: { settings: { purchaseRefundWindowDays: 1 }, purchase: { purchasedAt: hoursAgo(25) } },
      outcome: "deny",
      code: "purchase_refund.window_expired",
      rule: "within_window",
    },
    {
      name: "a day pass used substantially is refused",
      given: dayPass({ generations: 2, downloads: 1 }),
      outcome: "deny",
      code: "purchase_refund.day_pass_used",
      rule: "day_pass_unused",
      message: /used 3 times/,
    },
    {
      name: "a day pass used below the threshold is not refused for it",
      given: { ...dayPass({ generations: 2, downloads: 0 }), creditsUsedSince: 8 },
      outcome: "review",
      rule: "credits_untouched",
    },
    {
      name: "an admin-set threshold applies to a day pass",
      given: { ...dayPass({ generations: 2, downloads: 0 }), settings: { dayPassSubstantialUse: 2 } },
      outcome: "deny",
      code: "purchase_refund.day_pass_used",
      rule: "day_pass_unused",
    },
    {
      name: "an unused day pass is approved",
      given: dayPass({ generations: 0, downloads: 0 }),
      outcome: "approve",
      code: "purchase_refund.untouched",
      rule: "credits_untouched",
      figures: { creditsReversed: 200, moneyRefunded: 499 },
    },
    {
      name: "a renewal with no cancellation is refused",
      given: { purchase: { kind: "subscription", renewal: true } },
      outcome: "deny",
      code: "purchase_refund.renewal_not_cancelled",
      rule: "renewal_cancelled",
      message: /cancelled before the renewal date/,
    },
    {
      name: "a renewal cancelled only after it was charged is refused",
      given: { purchase: { kind: "subscription", renewal: true, cancelRequestedAt: hoursAgo(1) } },
      outcome: "deny",
      code: "purchase_refund.renewal_not_cancelled",
      rule: "renewal_cancelled",
    },
    {
      name: "a renewal charged after a cancellation was asked for is not refused for it",
      given: { purchase: { kind: "subscription", renewal: true, cancelRequestedAt: daysAgo(2) } },
      outcome: "approve",
      code: "purchase_refund.untouched",
      rule: "credits_untouched",
    },
    {
      name: "a possible duplicate is approved in full, spent credits or not",
      given: { purchase: { possibleDuplicate: true }, creditsUsedSince: 60, available: 40 },
      outcome: "approve",
      code: "purchase_refund.duplicate",
      rule: "possible_duplicate",
      message: /^We're refunding \$9\.99 to your payment method and took back 40 credits\.$/,
      figures: { creditsReversed: 40, moneyRefunded: 999 },
    },
    {
      name: "a purchase whose credits were used goes to review",
      given: { creditsUsedSince: 4 },
      outcome: "review",
      rule: "credits_untouched",
      message: /within 24 hours/,
    },
    {
      name: "a purchase whose credits are not all available goes to review",
      given: { available: 99 },
      outcome: "review",
      rule: "credits_untouched",
    },
    {
      name: "the SLA in the message follows the settings",
      given: { creditsUsedSince: 4, settings: { slaHours: 8 } },
      outcome: "review",
      rule: "credits_untouched",
      message: /within 8 hours/,
    },
  ];

  it.each(cases)("$name", ({ given, outcome, code, rule, message, figures }) => {
    const decision = decidePurchaseRefund(facts(given));
    expect(decision.outcome).toBe(outcome);
    if (code) expect(decision).toMatchObject({ code });
    expect(verdictOf(decision, rule)).toBe(outcome);
    const firstDeciding = decision.trace.find((entry) => entry.verdict !== "pass" && entry.verdict !== "off");
    expect(firstDeciding?.rule).toBe(rule);
    if (message) expect(decision.message).toMatch(message);
    if (figures) expect(decision).toMatchObject({ figures });
  });

  it("traces every rule once, in order, with the policy version", () => {
    const decision = decidePurchaseRefund(facts({ customer: { suspended: true }, creditsUsedSince: 3 }));
    expect(decision.policyVersion).toBe(4);
    expect(decision.trace.map((entry) => entry.rule)).toEqual([
      "account_active",
      "within_window",
      "day_pass_unused",
      "renewal_cancelled",
      "possible_duplicate",
      "credits_untouched",
    ]);
    expect(verdictOf(decision, "credits_untouched")).toBe("review");
  });
});

describe("refundFigures", () => {
  const purchase = { amount: 999, currency: "USD", credits: 100, creditsReversed: 0, moneyRefunded: 0 };
  const rows: {
    name: string;
    given: Partial<typeof purchase>;
    available: number;
    full: boolean;
    credits: number;
    cents: number;
  }[] = [
    { name: "all credits available: all back", given: {}, available: 250, full: false, credits: 100, cents: 999 },
    { name: "part available: in proportion", given: {}, available: 50, full: false, credits: 50, cents: 499 },
    { name: "rounded down, never up", given: {}, available: 1, full: false, credits: 1, cents: 9 },
    { name: "none available: nothing", given: {}, available: 0, full: false, credits: 0, cents: 0 },
    { name: "a duplicate: the money in full", given: {}, available: 10, full: true, credits: 10, cents: 999 },
    {
      name: "credits already reversed are not reversed again",
      given: { creditsReversed: 70, moneyRefunded: 0 },
      available: 500,
      full: false,
      credits: 30,
      cents: 299,
    },
    {
      name: "money never above what is left to return",
      given: { creditsReversed: 0, moneyRefunded: 900 },
      available: 100,
      full: false,
      credits: 100,
      cents: 99,
    },
  ];

  it.each(rows)("$name", ({ given, available, full, credits, cents }) => {
    expect(refundFigures({ ...purchase, ...given }, available, { full })).toEqual({
      creditsReversed: credits,
      moneyRefunded: cents,
    });
  });
});
