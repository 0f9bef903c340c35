import "server-only";
import type { ProductKind } from "@/db/enums";
import { credits } from "@/lib/format/credits.shared";
import { money } from "@/lib/format/money.shared";
import type { Verdict } from "@/lib/refunds/policy";

/**
 * The purchase refund policy as a pure function, like the "Bad result" policy beside it: the facts about
 * one request for a purchase's money in, a decision out, with every rule's verdict. Nothing here reads a
 * clock or a database; the service gathers the facts inside its transaction, under the customer's lock.
 */

/** The purchase rules of a policy version; the names are the policy table's columns. */
export type PurchaseRules = {
  purchaseRefundWindowDays: number;
  /** Successful generations and downloads during a day pass from which it is no longer refunded. */
  dayPassSubstantialUse: number;
  /** Read when a purchase is recorded, to flag a possible duplicate; the policy reads the flag. */
  duplicateWindowHours: number;
};

/** How long a day pass lasts, from its purchase. */
export const dayPassHours = 24;

export type PurchaseRefundFacts = {
  now: Date;
  settings: PurchaseRules & { version: number; slaHours: number };
  purchase: {
    productName: string;
    kind: ProductKind;
    amount: number;
    currency: string;
    credits: number;
    creditsReversed: number;
    moneyRefunded: number;
    purchasedAt: Date;
    renewal: boolean;
    cancelRequestedAt: Date | null;
    possibleDuplicate: boolean;
  };
  customer: { suspended: boolean };
  /** The customer's available credits now. */
  available: number;
  /** Credits taken by generations started since the purchase: captured, or still held. */
  creditsUsedSince: number;
  /** What was done during a day pass; null for other products. */
  dayPassUses: { generations: number; downloads: number } | null;
};

export type PurchaseRuleName =
  | "account_active"
  | "within_window"
  | "day_pass_unused"
  | "renewal_cancelled"
  | "possible_duplicate"
  | "credits_untouched";

export type PurchaseTraceEntry = { rule: PurchaseRuleName; verdict: Verdict; detail: string };

export type PurchaseDenyCode =
  | "account.suspended"
  | "purchase_refund.window_expired"
  | "purchase_refund.day_pass_used"
  | "purchase_refund.renewal_not_cancelled";

export type PurchaseApproveCode = "purchase_refund.duplicate" | "purchase_refund.untouched";

/** What an approval gives back: credits taken off the balance and money returned, in minor units. */
export type RefundFigures = { creditsReversed: number; moneyRefunded: number };

export type PurchaseRefundDecision = { policyVersion: number; trace: PurchaseTraceEntry[] } & (
  | { outcome: "approve"; code: PurchaseApproveCode; message: string; full: boolean; figures: RefundFigures }
  | { outcome: "deny"; code: PurchaseDenyCode; message: string }
  | { outcome: "review"; message: string }
);

type Refundable = Pick<
  PurchaseRefundFacts["purchase"],
  "amount" | "currency" | "credits" | "creditsReversed" | "moneyRefunded"
>;

/**
 * An approval reverses what is still unspent of the purchase's credits, as far as the balance allows,
 * and returns the money in the same proportion, rounded down; a duplicate charge is returned in full.
 */
export function refundFigures(purchase: Refundable, available: number, { full }: { full: boolean }): RefundFigures {
  const creditsReversed = Math.max(0, Math.min(purchase.credits - purchase.creditsReversed, available));
  const unreturned = purchase.amount - purchase.moneyRefunded;
  const proportional = Math.floor((purchase.amount * creditsReversed) / purchase.credits);
  return { creditsReversed, moneyRefunded: full ? unreturned : Math.min(proportional, unreturned) };
}

/** What the customer is told of an approval, by the policy or by an agent. */
export function approvalMessage(purchase: Refundable, figures: RefundFigures): string {
  const returned =
    figures.moneyRefunded > 0
      ? `We're refunding ${money(figures.moneyRefunded, purchase.currency)} to your payment method`
      : "No money is due back, as every credit of the purchase has been used";
  const taken = figures.creditsReversed > 0 ? ` and took back ${credits(figures.creditsReversed)}` : "";
  return `${returned}${taken}.`;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function count(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

function age(from: Date, to: Date): string {
  const hours = (to.getTime() - from.getTime()) / hourMs;
  return hours < 48 ? count(Math.max(0, Math.floor(hours)), "hour") : count(Math.floor(hours / 24), "day");
}

type Deciding =
  | { rule: PurchaseRuleName; verdict: "deny"; detail: string; code: PurchaseDenyCode; message: string }
  | { rule: PurchaseRuleName; verdict: "approve"; detail: string; code: PurchaseApproveCode; full: boolean }
  | { rule: PurchaseRuleName; verdict: "review"; detail: string };

type Step = Deciding | { rule: PurchaseRuleName; verdict: "pass" | "off"; detail: string };

function decides(step: Step): step is Deciding {
  return step.verdict !== "pass" && step.verdict !== "off";
}

function denials(facts: PurchaseRefundFacts): Step[] {
  const { settings, purchase, customer, now } = facts;
  const windowEnds = purchase.purchasedAt.getTime() + settings.purchaseRefundWindowDays * dayMs;
  const windowDetail = `Asked ${age(purchase.purchasedAt, now)} after the purchase; the window is ${count(settings.purchaseRefundWindowDays, "day")}.`;
  const uses = facts.dayPassUses;
  const used = uses ? uses.generations + uses.downloads : 0;
  const usesDetail = uses
    ? `${count(uses.generations, "successful generation")} and ${count(uses.downloads, "download")} during the pass; substantial use is ${settings.dayPassSubstantialUse}.`
    : "";
  const cancelledInTime = purchase.cancelRequestedAt !== null && purchase.cancelRequestedAt < purchase.purchasedAt;
  return [
    customer.suspended
      ? {
          rule: "account_active",
          verdict: "deny",
          detail: "The account is suspended.",
          code: "account.suspended",
          message: "Your account is suspended, so refunds can't be requested. Please contact support.",
        }
      : { rule: "account_active", verdict: "pass", detail: "The account is active." },
    now.getTime() <= windowEnds
      ? { rule: "within_window", verdict: "pass", detail: windowDetail }
      : {
          rule: "within_window",
          verdict: "deny",
          detail: windowDetail,
          code: "purchase_refund.window_expired",
          message: `Purchases can be refunded up to ${count(settings.purchaseRefundWindowDays, "day")} after they are made, and this one was made ${age(purchase.purchasedAt, now)} ago.`,
        },
    !uses
      ? { rule: "day_pass_unused", verdict: "pass", detail: "Not a day pass." }
      : used < settings.dayPassSubstantialUse
        ? { rule: "day_pass_unused", verdict: "pass", detail: usesDetail }
        : {
            rule: "day_pass_unused",
            verdict: "deny",
            detail: usesDetail,
            code: "purchase_refund.day_pass_used",
            message: `A day pass can't be refunded once it has been used substantially, and this one was used ${count(used, "time")}.`,
          },
    !purchase.renewal
      ? { rule: "renewal_cancelled", verdict: "pass", detail: "Not a renewal." }
      : cancelledInTime
        ? {
            rule: "renewal_cancelled",
            verdict: "pass",
            detail: "A renewal, charged after a cancellation was asked for.",
          }
        : {
            rule: "renewal_cancelled",
            verdict: "deny",
            detail: "A renewal, with no cancellation asked for before it was charged.",
            code: "purchase_refund.renewal_not_cancelled",
            message:
              "Subscription renewals can't be refunded unless the subscription was cancelled before the renewal date.",
          },
  ];
}

function approvals(facts: PurchaseRefundFacts): [Step, Deciding] {
  const { purchase, settings } = facts;
  const remaining = purchase.credits - purchase.creditsReversed;
  const untouched = facts.creditsUsedSince === 0 && facts.available >= remaining;
  return [
    purchase.possibleDuplicate
      ? {
          rule: "possible_duplicate",
          verdict: "approve",
          detail: `The same product was bought for the same amount within ${count(settings.duplicateWindowHours, "hour")} before.`,
          code: "purchase_refund.duplicate",
          full: true,
        }
      : { rule: "possible_duplicate", verdict: "pass", detail: "Not a possible duplicate." },
    untouched
      ? {
          rule: "credits_untouched",
          verdict: "approve",
          detail: `No credits used since the purchase, and all ${remaining} of its credits are available.`,
          code: "purchase_refund.untouched",
          full: false,
        }
      : {
          rule: "credits_untouched",
          verdict: "review",
          detail: `${count(facts.creditsUsedSince, "credit")} used since the purchase; ${facts.available} of its ${remaining} credits are available.`,
        },
  ];
}

/**
 * Every rule is evaluated and traced; the first deciding one, in this order, decides: any refusal, then a
 * possible duplicate (refunded in full), then a purchase whose credits are untouched; anything else is
 * reviewed by support.
 */
export function decidePurchaseRefund(facts: PurchaseRefundFacts): PurchaseRefundDecision {
  const [duplicate, last] = approvals(facts);
  const steps: Step[] = [...denials(facts), duplicate, last];
  const trace = steps.map(({ rule, verdict, detail }) => ({ rule, verdict, detail }));
  const base = { policyVersion: facts.settings.version, trace };
  const deciding = steps.find(decides) ?? last;
  if (deciding.verdict === "deny") return { ...base, outcome: "deny", code: deciding.code, message: deciding.message };
  if (deciding.verdict === "approve") {
    const figures = refundFigures(facts.purchase, facts.available, { full: deciding.full });
    return {
      ...base,
      outcome: "approve",
      code: deciding.code,
      full: deciding.full,
      figures,
      message: approvalMessage(facts.purchase, figures),
    };
  }
  return {
    ...base,
    outcome: "review",
    message: `We'll review your request within ${count(facts.settings.slaHours, "hour")}.`,
  };
}
