import type { RefundStatus } from "@/db/enums";

/** What a policy simulation answers, as /admin/policy shows it (see lib/policy/simulate.ts). */

export const simulationDays = [30, 90] as const;
export type SimulationDays = (typeof simulationDays)[number];

/** A request's outcome by the policy: refunded at once, refused, or sent to the review queue. */
export type Outcome = RefundStatus;

export const outcomeLabels: Record<Outcome, string> = {
  approved: "Approved",
  denied: "Denied",
  in_review: "In review",
};

export type SimulatedChange = {
  id: string;
  customerId: string;
  /** The customer's name and email, or the email alone. */
  customer: string;
  feature: string;
  requestedAt: string;
  before: Outcome;
  after: Outcome;
  /** The rule that decides under the draft, as the support console names it. */
  rule: string;
  rebuilt: boolean;
};

export type PolicySimulation = {
  days: SimulationDays;
  since: string;
  until: string;
  /** Requests replayed: every "Bad result" request of the period that has facts. */
  requests: number;
  changed: number;
  /** How many requests went from each outcome before (the row) to each under the draft (the column). */
  matrix: Record<Outcome, Record<Outcome, number>>;
  /** Credits the policy refunded at once, before and under the draft. */
  credits: { before: number; after: number };
  /** Requests sent to the review queue per day (UTC), and on average. */
  queue: { days: { day: string; before: number; after: number }[]; perDay: { before: number; after: number } };
  customersAffected: number;
  /** The newest changed requests, at most `listed`. */
  changes: SimulatedChange[];
  listed: number;
  /** Replayed requests whose facts were rebuilt from the records rather than kept when they were decided. */
  rebuilt: number;
  /** Requests of the period not replayed because their facts are not rebuilt yet. */
  withoutFacts: number;
  /** Replayed while the draft turns the downloaded-then-used rule on, decided when nobody looked: counted as not used. */
  downstreamUnknown: number;
};
