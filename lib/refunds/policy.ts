import "server-only";
import type { Context, DecisionMode, GenerationStatus, Platform } from "@/db/enums";
import { credits } from "@/lib/format/credits.shared";
import { platformLabels } from "@/lib/generations/labels.shared";

/**
 * The refund policy as a pure function: the facts about one "Bad result" report in, a decision out,
 * with every rule's verdict so that an agent or an auditor can see why. Nothing here reads a clock,
 * a database or a file; the service gathers the facts inside its transaction.
 */

/**
 * What decides a report, as one policy version sets it. The same versions also hold settings that are
 * not refund rules (see lib/policy/versions.ts), which the policy never reads.
 */
export type RefundRules = {
  windowHours: number;
  minDetailsLength: number;
  softLimitRequests: number;
  hardLimitRequests: number;
  refundedSharePercent: number;
  minAccountAgeHours: number;
  slaHours: number;
  denyDownloadedThenUsed: boolean;
};

export type PolicyFacts = {
  now: Date;
  settings: RefundRules & { version: number };
  generation: {
    status: Exclude<GenerationStatus, "running">;
    createdAt: Date;
    featureName: string;
    platform: Platform;
    context: Context;
    decisionMode: DecisionMode;
    capturedCredits: number;
  };
  /** This feature's row of the eligibility matrix, and the context rows; a missing cell is not eligible. */
  eligibility: {
    platforms: Partial<Record<Platform, boolean>>;
    contexts: Partial<Record<Context, boolean>>;
  };
  customer: { suspended: boolean; signedUpAt: Date };
  /** The customer's activity in the rolling limit period, before this report. */
  recent: { requests: number; refundedCredits: number; spentCredits: number };
  /** What the quality checks found that makes the output clearly unusable; empty when nothing was found. */
  unusableFindings: string[];
  /** Null when the admin setting is off and nobody looked. */
  downloadedThenUsed: boolean | null;
};

export const verdicts = ["pass", "deny", "approve", "review", "off"] as const;
export type Verdict = (typeof verdicts)[number];

export type RuleName =
  | "account_active"
  | "generation_succeeded"
  | "within_window"
  | "feature_eligible"
  | "context_eligible"
  | "hard_limit"
  | "not_used_downstream"
  | "clearly_unusable"
  | "soft_limit"
  | "refunded_share"
  | "account_age"
  | "decision_mode";

export type TraceEntry = { rule: RuleName; verdict: Verdict; detail: string };

export type DenyCode =
  | "account.suspended"
  | "refund.generation_not_succeeded"
  | "refund.window_expired"
  | "feature.not_eligible"
  | "refund.limit_reached"
  | "refund.used_downstream";

export type ApproveCode = "refund.unusable_output" | "refund.approved";

export type PolicyDecision = { policyVersion: number; trace: TraceEntry[] } & (
  | { outcome: "approve"; code: ApproveCode; message: string }
  | { outcome: "deny"; code: DenyCode; message: string }
  | { outcome: "review"; message: string }
);

/** Requests, refunds and spend are counted over this many days back. */
export const limitPeriodDays = 30;

const hourMs = 3_600_000;

const contextNames: Record<Context, string> = {
  editor: "the editor",
  batch: "batch mode",
  product_catalog: "the product catalog",
};

function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / hourMs;
}

function count(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

function duration(hours: number): string {
  if (hours < 1) return count(Math.max(1, Math.round(hours * 60)), "minute");
  if (hours < 48) return count(Math.round(hours), "hour");
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  if (rest === 0) return count(days, "day");
  if (rest === 24) return count(days + 1, "day");
  return `${count(days, "day")} and ${count(rest, "hour")}`;
}

export const thanksForFeedback = "Thank you for your feedback.";

type Deciding =
  | { rule: RuleName; verdict: "deny"; detail: string; code: DenyCode; message: string }
  | { rule: RuleName; verdict: "approve"; detail: string; code: ApproveCode; message: string }
  | { rule: RuleName; verdict: "review"; detail: string };

type Step = Deciding | { rule: RuleName; verdict: "pass" | "off"; detail: string };

function decides(step: Step): step is Deciding {
  return step.verdict !== "pass" && step.verdict !== "off";
}

function denials(facts: PolicyFacts): Step[] {
  const { settings, generation, customer, recent, now } = facts;
  const age = hoursBetween(generation.createdAt, now);
  const where = `${generation.featureName} results made on ${platformLabels[generation.platform]}`;
  const usedDownstream = facts.downloadedThenUsed;
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
    generation.status === "succeeded"
      ? {
          rule: "generation_succeeded",
          verdict: "pass",
          detail: "The generation succeeded and its credits were spent.",
        }
      : {
          rule: "generation_succeeded",
          verdict: "deny",
          detail: `The generation ${generation.status}; its hold was released automatically.`,
          code: "refund.generation_not_succeeded",
          message: `This generation ${generation.status === "failed" ? "failed" : "timed out"}, so its credits were already returned to you automatically.`,
        },
    age <= settings.windowHours
      ? {
          rule: "within_window",
          verdict: "pass",
          detail: `Reported ${duration(age)} after the generation; the window is ${settings.windowHours} hours.`,
        }
      : {
          rule: "within_window",
          verdict: "deny",
          detail: `Reported ${duration(age)} after the generation; the window is ${settings.windowHours} hours.`,
          code: "refund.window_expired",
          message: `Results can be reported up to ${duration(settings.windowHours)} after they are made, and this one was made ${duration(age)} ago.`,
        },
    facts.eligibility.platforms[generation.platform] === true
      ? { rule: "feature_eligible", verdict: "pass", detail: `${where} are eligible.` }
      : {
          rule: "feature_eligible",
          verdict: "deny",
          detail: `${where} are not eligible.`,
          code: "feature.not_eligible",
          message: `${where} aren't covered by refunds.`,
        },
    facts.eligibility.contexts[generation.context] === true
      ? {
          rule: "context_eligible",
          verdict: "pass",
          detail: `Results made in ${contextNames[generation.context]} are eligible.`,
        }
      : {
          rule: "context_eligible",
          verdict: "deny",
          detail: `Results made in ${contextNames[generation.context]} are not eligible.`,
          code: "feature.not_eligible",
          message: `Results made in ${contextNames[generation.context]} aren't covered by refunds.`,
        },
    recent.requests < settings.hardLimitRequests
      ? {
          rule: "hard_limit",
          verdict: "pass",
          detail: `${recent.requests} earlier requests in ${limitPeriodDays} days; the hard limit is ${settings.hardLimitRequests}.`,
        }
      : {
          rule: "hard_limit",
          verdict: "deny",
          detail: `${recent.requests} earlier requests in ${limitPeriodDays} days; the hard limit is ${settings.hardLimitRequests}.`,
          code: "refund.limit_reached",
          message: `You've reached the limit of ${settings.hardLimitRequests} refund requests in ${limitPeriodDays} days.`,
        },
    usedDownstream === null
      ? { rule: "not_used_downstream", verdict: "off", detail: "The downloaded-then-used rule is off." }
      : usedDownstream
        ? {
            rule: "not_used_downstream",
            verdict: "deny",
            detail: "The output was downloaded and then used as the input of a later generation.",
            code: "refund.used_downstream",
            message: "This result was downloaded and then used in further work, so it can't be refunded.",
          }
        : { rule: "not_used_downstream", verdict: "pass", detail: "The output was not downloaded and then used." },
  ];
}

function reviews(facts: PolicyFacts): Step[] {
  const { settings, recent, customer, now } = facts;
  const sharePercent = recent.spentCredits > 0 ? (100 * recent.refundedCredits) / recent.spentCredits : 0;
  const accountAge = hoursBetween(customer.signedUpAt, now);
  const shareDetail = `${recent.refundedCredits} of ${recent.spentCredits} credits spent in ${limitPeriodDays} days were refunded (${Math.round(sharePercent)}%); the threshold is ${settings.refundedSharePercent}%.`;
  return [
    {
      rule: "soft_limit",
      verdict: recent.requests < settings.softLimitRequests ? "pass" : "review",
      detail: `${recent.requests} earlier requests in ${limitPeriodDays} days; the soft limit is ${settings.softLimitRequests}.`,
    },
    {
      rule: "refunded_share",
      verdict: sharePercent > settings.refundedSharePercent ? "review" : "pass",
      detail: shareDetail,
    },
    {
      rule: "account_age",
      verdict: accountAge < settings.minAccountAgeHours ? "review" : "pass",
      detail: `The account is ${duration(accountAge)} old; accounts younger than ${settings.minAccountAgeHours} hours are reviewed.`,
    },
  ];
}

/** The feature's own mode always decides, so a report that no earlier rule decided is decided here. */
function modeStep(facts: PolicyFacts): Deciding {
  const { generation } = facts;
  return generation.decisionMode === "review"
    ? { rule: "decision_mode", verdict: "review", detail: `${generation.featureName} reports are always reviewed.` }
    : {
        rule: "decision_mode",
        verdict: "approve",
        detail: `${generation.featureName} reports are decided at once.`,
        code: "refund.approved",
        message: `We refunded ${credits(generation.capturedCredits)}. ${thanksForFeedback}`,
      };
}

function qualityStep(facts: PolicyFacts): Step {
  const findings = facts.unusableFindings;
  if (findings.length === 0) {
    return { rule: "clearly_unusable", verdict: "pass", detail: "The quality checks found nothing clearly wrong." };
  }
  return {
    rule: "clearly_unusable",
    verdict: "approve",
    detail: findings.join(" "),
    code: "refund.unusable_output",
    message: `The quality checks confirmed the result is unusable (${findings.map(lowerFirst).join("; ")}), so we refunded ${credits(facts.generation.capturedCredits)}.`,
  };
}

function lowerFirst(sentence: string): string {
  return (sentence[0]?.toLowerCase() ?? "") + sentence.slice(1).replace(/\.$/, "");
}

/**
 * Every rule is evaluated and traced; the first deciding one, in this order, decides: any refusal, then
 * an objectively unusable output (approved even past the soft limits, since a machine confirmed it),
 * then the soft limits send it to review, and last the feature's own mode.
 */
export function decideRefund(facts: PolicyFacts): PolicyDecision {
  const last = modeStep(facts);
  const steps: Step[] = [...denials(facts), qualityStep(facts), ...reviews(facts), last];
  const trace = steps.map(({ rule, verdict, detail }) => ({ rule, verdict, detail }));
  const base = { policyVersion: facts.settings.version, trace };
  const deciding = steps.find(decides) ?? last;
  if (deciding.verdict === "deny") {
    return { ...base, outcome: "deny", code: deciding.code, message: `${deciding.message} ${thanksForFeedback}` };
  }
  if (deciding.verdict === "approve") {
    return { ...base, outcome: "approve", code: deciding.code, message: deciding.message };
  }
  return {
    ...base,
    outcome: "review",
    message: `We'll review it within ${duration(facts.settings.slaHours)}.`,
  };
}
