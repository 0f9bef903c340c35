import { relations, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  real,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  accountKinds,
  insightActionKinds,
  disputeFindings,
  disputeStatuses,
  paymentProviders,
  productKinds,
  providerRefundStatuses,
  purchaseRefundReasons,
  purchaseStatuses,
  refundRequestKinds,
  availabilities,
  contexts,
  decisionModes,
  featureKinds,
  generationStatuses,
  platforms,
  qualityStatuses,
  refundDeciders,
  refundReasonValues,
  refundStatuses,
  requestSources,
  roles,
  transferKinds,
  webhookDeliveryStatuses,
  webhookEventTypes,
  type WebhookEventType,
} from "./enums";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", roles);
export const availabilityEnum = pgEnum("availability", availabilities);

/** A host customer: the owner of a credit balance, known by the host's own id. */
export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name"),
    signedUpAt: timestamp("signed_up_at", { withTimezone: true }).notNull().defaultNow(),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    /** Set while a dispute of theirs is open and not found legitimate: no spending, no refund requests. */
    frozenAt: timestamp("frozen_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [check("customers_id_format", sql`${t.id} ~ '^[A-Za-z0-9_.:-]{1,128}$'`)],
);
export type Customer = typeof customers.$inferSelect;

/** A person who signs in to the web app. Columns id..image are the Auth.js adapter's. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name"),
    email: text("email").notNull().unique(),
    emailVerified: timestamp("email_verified", { mode: "date", withTimezone: true }),
    image: text("image"),
    passwordHash: text("password_hash"),
    role: roleEnum("role").notNull().default("customer"),
    customerId: text("customer_id")
      .unique()
      .references(() => customers.id),
    availability: availabilityEnum("availability").notNull().default("away"),
    /** Carried in the session cookie; a disable, a role change or a password change bumps it, ending every open session. */
    sessionVersion: integer("session_version").notNull().default(0),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /** Set for staff an admin created: they choose their own password at their first sign-in. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [check("users_customer_has_customer_id", sql`(${t.role} = 'customer') = (${t.customerId} IS NOT NULL)`)],
);
export type User = typeof users.$inferSelect;

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Failed sign-in counts per fixed window, one row per (bucket, window). */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    failures: integer("failures").notNull().default(0),
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

/** Calls per (bucket, fixed window) for the per-user rate limits; old windows are pruned. */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index("rate_limit_hits_window_idx").on(t.windowStart)],
);

/** Append-only record of who changed what; a trigger refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_created_at_idx").on(t.createdAt, t.id)],
);
export type AuditEventRow = typeof auditEvents.$inferSelect;

export const featureKindEnum = pgEnum("feature_kind", featureKinds);
export const decisionModeEnum = pgEnum("decision_mode", decisionModes);
export const platformEnum = pgEnum("platform", platforms);
export const contextEnum = pgEnum("generation_context", contexts);

/** The AI features customers spend credits on. Seeded by a migration; admins edit costs and modes. */
export const features = pgTable(
  "features",
  {
    key: text("key").primaryKey(),
    name: text("name").notNull(),
    kind: featureKindEnum("kind").notNull(),
    creditCost: integer("credit_cost").notNull(),
    decisionMode: decisionModeEnum("decision_mode").notNull().default("instant"),
    position: integer("position").notNull(),
  },
  (t) => [check("features_cost_positive", sql`${t.creditCost} > 0`)],
);
export type Feature = typeof features.$inferSelect;

/** Whether Bad-result refunds are offered for a feature on a platform. */
export const featureEligibility = pgTable(
  "feature_eligibility",
  {
    featureKey: text("feature_key")
      .notNull()
      .references(() => features.key),
    platform: platformEnum("platform").notNull(),
    eligible: boolean("eligible").notNull(),
  },
  (t) => [primaryKey({ columns: [t.featureKey, t.platform] })],
);

/** Whether refunds are offered at all in an editing context; batch and catalog work are not. */
export const contextEligibility = pgTable("context_eligibility", {
  context: contextEnum("context").primaryKey(),
  eligible: boolean("eligible").notNull(),
});

export const accountKindEnum = pgEnum("account_kind", accountKinds);

/**
 * Ledger accounts. A customer account stores its posted and held credits, kept in step with the
 * journal inside each transfer's transaction; available = posted - held can never go below zero.
 * System accounts store nothing: their balances are summed from the journal, so no single row is
 * written by every transaction.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: accountKindEnum("kind").notNull(),
    customerId: text("customer_id")
      .unique()
      .references(() => customers.id),
    posted: bigint("posted", { mode: "number" }).notNull().default(0),
    held: bigint("held", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    check("ledger_accounts_customer_link", sql`(${t.kind} = 'customer') = (${t.customerId} IS NOT NULL)`),
    check("ledger_accounts_held_not_negative", sql`${t.held} >= 0`),
    check("ledger_accounts_available_not_negative", sql`${t.kind} <> 'customer' OR ${t.posted} - ${t.held} >= 0`),
    check("ledger_accounts_system_store_nothing", sql`${t.kind} = 'customer' OR (${t.posted} = 0 AND ${t.held} = 0)`),
    uniqueIndex("ledger_accounts_one_per_system_kind")
      .on(t.kind)
      .where(sql`${t.kind} <> 'customer'`),
  ],
);

export const transferKindEnum = pgEnum("transfer_kind", transferKinds);

export const generationStatusEnum = pgEnum("generation_status", generationStatuses);

export const generations = pgTable(
  "generations",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    featureKey: text("feature_key")
      .notNull()
      .references(() => features.key),
    platform: platformEnum("platform").notNull(),
    context: contextEnum("context").notNull(),
    cost: integer("cost").notNull(),
    status: generationStatusEnum("status").notNull().default("running"),
    inputUrl: text("input_url"),
    outputUrl: text("output_url"),
    prompt: text("prompt"),
    modelVersion: text("model_version"),
    expectedWidth: integer("expected_width"),
    expectedHeight: integer("expected_height"),
    downloadedAt: timestamp("downloaded_at", { withTimezone: true }),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("generations_id_format", sql`${t.id} ~ '^[A-Za-z0-9_.:-]{1,128}$'`),
    check("generations_cost_positive", sql`${t.cost} > 0`),
    check(
      "generations_expected_size",
      sql`(${t.expectedWidth} IS NULL) = (${t.expectedHeight} IS NULL) AND coalesce(${t.expectedWidth} > 0 AND ${t.expectedHeight} > 0, true)`,
    ),
    check("generations_finished_when_resolved", sql`(${t.status} = 'running') = (${t.finishedAt} IS NULL)`),
    index("generations_customer_created_idx").on(t.customerId, t.createdAt, t.id),
    // Insights read a day's generations from here when that day has no exact rollup yet.
    index("generations_created_idx").on(t.createdAt),
    index("generations_running_expiry_idx")
      .on(t.holdExpiresAt)
      .where(sql`${t.status} = 'running'`),
  ],
);
export type Generation = typeof generations.$inferSelect;

/**
 * The journal. Append-only (a trigger refuses UPDATE and DELETE). Each row moves a positive amount
 * from one account to another; one side is always a customer, whose available balance afterwards is
 * kept for the credit history. Uniqueness makes retries and races harmless:
 * - every transfer has its own idempotency key;
 * - a hold is resolved by at most one capture or release (unique pending_id);
 * - a generation is refunded at most once (unique generation_id among refunds).
 */
export const transfers = pgTable(
  "transfers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    kind: transferKindEnum("kind").notNull(),
    debitAccountId: bigint("debit_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: bigint("credit_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    customerAccountId: bigint("customer_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    availableAfter: bigint("available_after", { mode: "number" }).notNull(),
    pendingId: bigint("pending_id", { mode: "number" }),
    generationId: text("generation_id").references(() => generations.id),
    /** The purchase a grant, a reversal, or a dispute's hold and release belong to. */
    purchaseId: text("purchase_id").references(() => purchases.id),
    memo: text("memo"),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("transfers_amount_positive", sql`${t.amount} > 0`),
    check("transfers_two_accounts", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check("transfers_customer_side", sql`${t.customerAccountId} IN (${t.debitAccountId}, ${t.creditAccountId})`),
    check("transfers_available_not_negative", sql`${t.availableAfter} >= 0`),
    check("transfers_resolution_names_hold", sql`(${t.kind} IN ('capture', 'release')) = (${t.pendingId} IS NOT NULL)`),
    check(
      "transfers_generation_kinds",
      sql`${t.kind} NOT IN ('hold', 'capture', 'release', 'refund') OR ${t.generationId} IS NOT NULL OR (${t.kind} IN ('hold', 'release') AND ${t.purchaseId} IS NOT NULL)`,
    ),
    check(
      "transfers_purchase_kinds",
      sql`${t.kind} NOT IN ('purchase', 'purchase_reversal') OR ${t.purchaseId} IS NOT NULL`,
    ),
    uniqueIndex("transfers_grant_once_per_purchase")
      .on(t.purchaseId)
      .where(sql`${t.kind} = 'purchase'`),
    uniqueIndex("transfers_hold_resolved_once").on(t.pendingId),
    uniqueIndex("transfers_hold_once_per_generation")
      .on(t.generationId)
      .where(sql`${t.kind} = 'hold'`),
    uniqueIndex("transfers_refund_once_per_generation")
      .on(t.generationId)
      .where(sql`${t.kind} = 'refund'`),
    // The refund guard trigger sums a generation's captures before every refund; insights' seed adds a million.
    index("transfers_capture_generation_idx")
      .on(t.generationId)
      .where(sql`${t.kind} = 'capture'`),
    index("transfers_customer_history_idx").on(t.customerAccountId, t.id),
  ],
);
export type Transfer = typeof transfers.$inferSelect;

export const qualityStatusEnum = pgEnum("quality_status", qualityStatuses);

/**
 * What the objective checks found in a succeeded generation's output, computed once after success so
 * that a refund request never decodes anything. `pending` rows are the quality worker's queue: each is
 * claimed when its next attempt is due.
 */
export const qualityChecks = pgTable(
  "quality_checks",
  {
    generationId: text("generation_id")
      .primaryKey()
      .references(() => generations.id),
    status: qualityStatusEnum("status").notNull().default("pending"),
    decodes: boolean("decodes"),
    format: text("format"),
    width: integer("width"),
    height: integer("height"),
    expectedWidth: integer("expected_width"),
    expectedHeight: integer("expected_height"),
    uniform: boolean("uniform"),
    spread: real("spread"),
    problem: text("problem"),
    attempts: integer("attempts").notNull().default(0),
    /** When a pending check may next be attempted: a claim moves it to the retry's time. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("quality_checks_checked_when_done", sql`(${t.status} = 'pending') = (${t.checkedAt} IS NULL)`),
    check("quality_checks_due_while_pending", sql`(${t.status} = 'pending') = (${t.nextAttemptAt} IS NOT NULL)`),
    index("quality_checks_pending_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);
export type QualityCheck = typeof qualityChecks.$inferSelect;

/**
 * The refund policy's settings. Every save is a new row; the highest version is in force, and each
 * refund request records the version that decided it.
 */
export const refundPolicies = pgTable(
  "refund_policies",
  {
    version: serial("version").primaryKey(),
    windowHours: integer("window_hours").notNull(),
    minDetailsLength: integer("min_details_length").notNull(),
    softLimitRequests: integer("soft_limit_requests").notNull(),
    hardLimitRequests: integer("hard_limit_requests").notNull(),
    refundedSharePercent: integer("refunded_share_percent").notNull(),
    minAccountAgeHours: integer("min_account_age_hours").notNull(),
    slaHours: integer("sla_hours").notNull(),
    claimLeaseMinutes: integer("claim_lease_minutes").notNull().default(10),
    holdExpiryMinutes: integer("hold_expiry_minutes").notNull().default(15),
    denyDownloadedThenUsed: boolean("deny_downloaded_then_used").notNull(),
    purchaseRefundWindowDays: integer("purchase_refund_window_days").notNull().default(7),
    dayPassSubstantialUse: integer("day_pass_substantial_use").notNull().default(3),
    duplicateWindowHours: integer("duplicate_window_hours").notNull().default(24),
    note: text("note").notNull(),
    authorId: uuid("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("refund_policies_window_positive", sql`${t.windowHours} > 0`),
    check("refund_policies_details_length", sql`${t.minDetailsLength} BETWEEN 1 AND 2000`),
    check(
      "refund_policies_limits",
      sql`${t.softLimitRequests} >= 1 AND ${t.hardLimitRequests} >= ${t.softLimitRequests}`,
    ),
    check("refund_policies_share", sql`${t.refundedSharePercent} BETWEEN 0 AND 100`),
    check("refund_policies_account_age", sql`${t.minAccountAgeHours} >= 0`),
    check("refund_policies_sla", sql`${t.slaHours} >= 1`),
    check("refund_policies_claim_lease", sql`${t.claimLeaseMinutes} BETWEEN 1 AND 240`),
    check("refund_policies_hold_expiry", sql`${t.holdExpiryMinutes} BETWEEN 1 AND 1440`),
    check("refund_policies_purchase_window", sql`${t.purchaseRefundWindowDays} BETWEEN 1 AND 365`),
    check("refund_policies_day_pass_use", sql`${t.dayPassSubstantialUse} >= 1`),
    check("refund_policies_duplicate_window", sql`${t.duplicateWindowHours} BETWEEN 1 AND 720`),
  ],
);
export type PolicyVersionRow = typeof refundPolicies.$inferSelect;

export const productKindEnum = pgEnum("product_kind", productKinds);
export const paymentProviderEnum = pgEnum("payment_provider", paymentProviders);
export const purchaseStatusEnum = pgEnum("purchase_status", purchaseStatuses);
export const disputeStatusEnum = pgEnum("dispute_status", disputeStatuses);
export const disputeFindingEnum = pgEnum("dispute_finding", disputeFindings);
export const providerRefundStatusEnum = pgEnum("provider_refund_status", providerRefundStatuses);

/** What the product sells: credit packs, a day pass and a subscription. Prices are in minor units. */
export const products = pgTable(
  "products",
  {
    key: text("key").primaryKey(),
    name: text("name").notNull(),
    kind: productKindEnum("kind").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    credits: integer("credits").notNull(),
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("products_key_format", sql`${t.key} ~ '^[a-z0-9_]{1,64}$'`),
    check("products_amount_positive", sql`${t.amount} > 0`),
    check("products_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("products_credits_positive", sql`${t.credits} > 0`),
  ],
);
export type Product = typeof products.$inferSelect;

/**
 * Money a customer paid, and the credits it granted. The product's terms are copied, so a later
 * catalog change never rewrites a past purchase. What was refunded of it is kept beside it and
 * checked against the journal by the invariant check.
 */
export const purchases = pgTable(
  "purchases",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    productKey: text("product_key")
      .notNull()
      .references(() => products.key),
    kind: productKindEnum("kind").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    credits: integer("credits").notNull(),
    provider: paymentProviderEnum("provider").notNull(),
    paymentRef: text("payment_ref"),
    purchasedAt: timestamp("purchased_at", { withTimezone: true }).notNull(),
    renewal: boolean("renewal").notNull().default(false),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    /** The earlier purchase of the same product and amount within the duplicate window, if any. */
    duplicateOf: text("duplicate_of"),
    status: purchaseStatusEnum("status").notNull().default("paid"),
    moneyRefunded: integer("money_refunded").notNull().default(0),
    creditsReversed: integer("credits_reversed").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    check("purchases_id_format", sql`${t.id} ~ '^[A-Za-z0-9_.:-]{1,128}$'`),
    check("purchases_amount_positive", sql`${t.amount} > 0`),
    check("purchases_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("purchases_credits_positive", sql`${t.credits} > 0`),
    check("purchases_money_refunded", sql`${t.moneyRefunded} BETWEEN 0 AND ${t.amount}`),
    check("purchases_credits_reversed", sql`${t.creditsReversed} BETWEEN 0 AND ${t.credits}`),
    foreignKey({ name: "purchases_duplicate_of_fk", columns: [t.duplicateOf], foreignColumns: [t.id] }),
    uniqueIndex("purchases_payment_ref_once")
      .on(t.provider, t.paymentRef)
      .where(sql`${t.paymentRef} IS NOT NULL`),
    index("purchases_customer_product_idx").on(t.customerId, t.productKey, t.purchasedAt),
  ],
);
export type Purchase = typeof purchases.$inferSelect;

/**
 * A chargeback on a purchase. Open freezes the customer and holds the purchase's unspent credits;
 * won releases them, lost takes them back. An ended dispute never reopens.
 */
export const disputes = pgTable(
  "disputes",
  {
    id: text("id").primaryKey(),
    purchaseId: text("purchase_id")
      .notNull()
      .references(() => purchases.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    status: disputeStatusEnum("status").notNull(),
    reason: text("reason"),
    heldCredits: integer("held_credits").notNull().default(0),
    finding: disputeFindingEnum("finding"),
    findingNote: text("finding_note"),
    foundBy: uuid("found_by").references(() => users.id),
    foundAt: timestamp("found_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    check("disputes_id_format", sql`${t.id} ~ '^[A-Za-z0-9_.:-]{1,128}$'`),
    check("disputes_closed_when_ended", sql`(${t.status} = 'open') = (${t.closedAt} IS NULL)`),
    check("disputes_held_not_negative", sql`${t.heldCredits} >= 0`),
    check("disputes_finding_named", sql`(${t.finding} IS NULL) = (${t.foundAt} IS NULL)`),
    index("disputes_open_idx")
      .on(t.openedAt)
      .where(sql`${t.status} = 'open'`),
    index("disputes_customer_idx").on(t.customerId),
  ],
);
export type Dispute = typeof disputes.$inferSelect;

/** Stripe events already handled: Stripe sends an event at least once, and its id makes it once. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Money going back through a payment provider. Written with the approval it follows; a worker makes the
 * provider call (its idempotency key is this row's id) and records the answer.
 */
export const providerRefunds = pgTable(
  "provider_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purchaseId: text("purchase_id")
      .notNull()
      .references(() => purchases.id),
    refundRequestId: uuid("refund_request_id")
      .notNull()
      .unique("provider_refunds_one_per_request")
      .references(() => refundRequests.id),
    provider: paymentProviderEnum("provider").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    status: providerRefundStatusEnum("status").notNull().default("pending"),
    providerRefundId: text("provider_refund_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    check("provider_refunds_amount_positive", sql`${t.amount} > 0`),
    check("provider_refunds_settled", sql`(${t.status} = 'pending') = (${t.settledAt} IS NULL)`),
  ],
);
export type ProviderRefund = typeof providerRefunds.$inferSelect;

export const refundReasonEnum = pgEnum("refund_reason", refundReasonValues);
export const refundStatusEnum = pgEnum("refund_status", refundStatuses);
export const refundDeciderEnum = pgEnum("refund_decider", refundDeciders);
export const requestSourceEnum = pgEnum("request_source", requestSources);
export const insightActionKindEnum = pgEnum("insight_action_kind", insightActionKinds);
export const refundRequestKindEnum = pgEnum("refund_request_kind", refundRequestKinds);
export const purchaseRefundReasonEnum = pgEnum("purchase_refund_reason", purchaseRefundReasons);

/**
 * A customer's "Bad result" report and its decision. One per generation, whatever happens to it: the
 * unique generation_id is what makes concurrent submissions create exactly one.
 */
export const refundRequests = pgTable(
  "refund_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: refundRequestKindEnum("kind").notNull().default("generation"),
    generationId: text("generation_id")
      .unique("refund_requests_one_per_generation")
      .references(() => generations.id),
    purchaseId: text("purchase_id")
      .unique("refund_requests_one_per_purchase")
      .references(() => purchases.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    /** Copied from the generation, which never changes them, so that the queue filters without a join. */
    featureKey: text("feature_key").references(() => features.key),
    platform: platformEnum("platform"),
    reason: refundReasonEnum("reason"),
    purchaseReason: purchaseRefundReasonEnum("purchase_reason"),
    details: text("details").notNull(),
    source: requestSourceEnum("source").notNull(),
    status: refundStatusEnum("status").notNull(),
    decisionCode: text("decision_code"),
    decisionMessage: text("decision_message").notNull(),
    decidedBy: refundDeciderEnum("decided_by"),
    deciderId: uuid("decider_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    creditsRefunded: integer("credits_refunded").notNull().default(0),
    /** A purchase refund's two figures: credits taken back from the balance, and money returned, in minor units. */
    creditsReversed: integer("credits_reversed"),
    moneyRefunded: integer("money_refunded"),
    claimedBy: uuid("claimed_by").references(() => users.id),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true }),
    policyVersion: integer("policy_version")
      .notNull()
      .references(() => refundPolicies.version),
    trace: jsonb("trace").notNull(),
    /** What the policy was given when it decided, so a draft policy can be tried on the past. */
    facts: jsonb("facts"),
    /** The facts were rebuilt afterwards from the history, for a request decided before facts were kept. */
    factsRebuilt: boolean("facts_rebuilt").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check("refund_requests_details_length", sql`char_length(${t.details}) BETWEEN 1 AND 2000`),
    check(
      "refund_requests_decided_when_closed",
      sql`(${t.status} = 'in_review') = (${t.decidedAt} IS NULL) AND (${t.decidedAt} IS NULL) = (${t.decidedBy} IS NULL) AND (${t.decidedAt} IS NULL) = (${t.decisionCode} IS NULL)`,
    ),
    check("refund_requests_agent_named", sql`(${t.decidedBy} = 'agent') = (${t.deciderId} IS NOT NULL)`),
    check(
      "refund_requests_generation_fields",
      sql`(${t.kind} = 'generation') = (${t.generationId} IS NOT NULL AND ${t.featureKey} IS NOT NULL AND ${t.platform} IS NOT NULL AND ${t.reason} IS NOT NULL)`,
    ),
    check(
      "refund_requests_purchase_fields",
      sql`(${t.kind} = 'purchase') = (${t.purchaseId} IS NOT NULL AND ${t.purchaseReason} IS NOT NULL)`,
    ),
    check(
      "refund_requests_refunded_when_approved",
      sql`${t.kind} <> 'generation' OR (${t.status} = 'approved') = (${t.creditsRefunded} > 0)`,
    ),
    check(
      "refund_requests_purchase_figures",
      sql`(${t.kind} = 'purchase' AND ${t.status} = 'approved') = (${t.creditsReversed} IS NOT NULL AND ${t.moneyRefunded} IS NOT NULL)`,
    ),
    check("refund_requests_claim_has_lease", sql`(${t.claimedBy} IS NULL) = (${t.claimExpiresAt} IS NULL)`),
    index("refund_requests_customer_created_idx").on(t.customerId, t.createdAt),
    index("refund_requests_in_review_idx")
      .on(t.createdAt, t.id)
      .where(sql`${t.status} = 'in_review'`),
    // A feature with few pending requests would otherwise be looked for through the whole queue.
    index("refund_requests_in_review_feature_idx")
      .on(t.featureKey, t.createdAt, t.id)
      .where(sql`${t.status} = 'in_review'`),
  ],
);
export type RefundRequest = typeof refundRequests.$inferSelect;

/** Staff-only notes on a refund request; never shown to the customer. */
export const requestNotes = pgTable(
  "request_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => refundRequests.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("request_notes_body_length", sql`char_length(${t.body}) BETWEEN 1 AND 2000`),
    index("request_notes_request_idx").on(t.requestId, t.createdAt),
  ],
);

/** An agent passing on a request in review mode, so that "next" does not hand it straight back to them. */
export const reviewSkips = pgTable(
  "review_skips",
  {
    requestId: uuid("request_id")
      .notNull()
      .references(() => refundRequests.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.requestId] })],
);

/** Messages for a customer, shown under the bell in the header. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    refundRequestId: uuid("refund_request_id").references(() => refundRequests.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_customer_created_idx").on(t.customerId, t.createdAt),
    index("notifications_unread_idx")
      .on(t.customerId)
      .where(sql`${t.readAt} IS NULL`),
  ],
);

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  hash: text("hash").notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/**
 * Where Makegood tells a host about changes. The secret signs every delivery; after a rotation the
 * previous one stays valid, and is signed with too, until `previousSecretExpiresAt`. A deleted
 * endpoint keeps its row so that its deliveries' history stays readable.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    url: text("url").notNull(),
    description: text("description"),
    eventTypes: text("event_types").array().$type<WebhookEventType[]>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /** Null when a host made it through the API. */
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    check(
      "webhook_endpoints_event_types",
      sql`cardinality(${t.eventTypes}) >= 1 AND ${t.eventTypes} <@ ARRAY[${sql.raw(webhookEventTypes.map((type) => `'${type}'`).join(", "))}]::text[]`,
    ),
    check(
      "webhook_endpoints_disabled_when",
      sql`${t.enabled} = (${t.disabledAt} IS NULL) AND (${t.disabledAt} IS NULL) = (${t.disabledReason} IS NULL)`,
    ),
    check(
      "webhook_endpoints_previous_secret_expires",
      sql`(${t.previousSecret} IS NULL) = (${t.previousSecretExpiresAt} IS NULL)`,
    ),
    check("webhook_endpoints_deleted_disabled", sql`${t.deletedAt} IS NULL OR NOT ${t.enabled}`),
    index("webhook_endpoints_created_idx").on(t.createdAt, t.id),
  ],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/**
 * The outbox: one row per change a webhook reports, written in the change's own transaction. Its id is
 * the `webhook-id` header, the same on every attempt. Append-only (a trigger refuses UPDATE and DELETE).
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** The exact body sent, `{ type, timestamp, data }`; json keeps its text, so every attempt sends the same bytes. */
    payload: json("payload").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_events_created_idx").on(t.createdAt)],
);
export type WebhookEvent = typeof webhookEvents.$inferSelect;

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", webhookDeliveryStatuses);

/** One event to one endpoint. `scheduleStep` is how far along the retry schedule it is; a resend starts it again. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    scheduleStep: integer("schedule_step").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastResponseStatus: integer("last_response_status"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_endpoint").on(t.eventId, t.endpointId),
    check("webhook_deliveries_delivered_when", sql`(${t.status} = 'delivered') = (${t.deliveredAt} IS NOT NULL)`),
    check("webhook_deliveries_next_when_pending", sql`${t.status} = 'pending' OR ${t.nextAttemptAt} IS NULL`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt, t.id),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Each try of a delivery, written before the request is sent and given its answer after: a row with
 * no answer is an attempt whose process was killed. A trigger allows that one answer and nothing else.
 */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    number: integer("number").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    responseStatus: integer("response_status"),
    /** A sentence for staff, never a network error's own text. */
    outcome: text("outcome"),
    /** The first lines of the answer's body. */
    responseBody: text("response_body"),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    uniqueIndex("webhook_attempts_delivery_number").on(t.deliveryId, t.number),
    check("webhook_attempts_answered", sql`(${t.finishedAt} IS NULL) = (${t.outcome} IS NULL)`),
  ],
);
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;

export const customersRelations = relations(customers, ({ one, many }) => ({
  user: one(users, { fields: [customers.id], references: [users.customerId] }),
  account: one(ledgerAccounts, { fields: [customers.id], references: [ledgerAccounts.customerId] }),
  generations: many(generations),
}));

/**
 * Jobs asked for by app transactions, on their way into the job queue. A job worker moves them over in
 * batches (lib/jobs/requests.ts). Adding a job to the queue directly sends a NOTIFY, and PostgreSQL
 * serializes the commits of every transaction that notifies, so a success or a failure with a webhook
 * would wait on every other; a row here is a plain insert.
 */
export const jobRequests = pgTable("job_requests", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  task: text("task").notNull(),
  payload: json("payload").notNull(),
  runAt: timestamp("run_at", { withTimezone: true }),
  maxAttempts: integer("max_attempts"),
  jobKey: text("job_key"),
  /** A job asked for without a time of its own runs from here, so the queue keeps the order jobs were asked for in. */
  createdAt: createdAt(),
});

export const featuresRelations = relations(features, ({ many }) => ({
  eligibility: many(featureEligibility),
  generations: many(generations),
}));

export const featureEligibilityRelations = relations(featureEligibility, ({ one }) => ({
  feature: one(features, { fields: [featureEligibility.featureKey], references: [features.key] }),
}));

export const generationsRelations = relations(generations, ({ one, many }) => ({
  customer: one(customers, { fields: [generations.customerId], references: [customers.id] }),
  feature: one(features, { fields: [generations.featureKey], references: [features.key] }),
  transfers: many(transfers),
  quality: one(qualityChecks, { fields: [generations.id], references: [qualityChecks.generationId] }),
  refundRequest: one(refundRequests, { fields: [generations.id], references: [refundRequests.generationId] }),
}));

export const refundRequestsRelations = relations(refundRequests, ({ one, many }) => ({
  generation: one(generations, { fields: [refundRequests.generationId], references: [generations.id] }),
  customer: one(customers, { fields: [refundRequests.customerId], references: [customers.id] }),
  policy: one(refundPolicies, { fields: [refundRequests.policyVersion], references: [refundPolicies.version] }),
  decider: one(users, { fields: [refundRequests.deciderId], references: [users.id] }),
  notifications: many(notifications),
}));

export const notificationsRelations = relations(notifications, ({ one }) => ({
  customer: one(customers, { fields: [notifications.customerId], references: [customers.id] }),
  refundRequest: one(refundRequests, { fields: [notifications.refundRequestId], references: [refundRequests.id] }),
}));

export const transfersRelations = relations(transfers, ({ one }) => ({
  generation: one(generations, { fields: [transfers.generationId], references: [generations.id] }),
}));

export const usersRelations = relations(users, ({ one, many }) => ({
  customer: one(customers, { fields: [users.customerId], references: [customers.id] }),
  auditEvents: many(auditEvents),
}));

export const auditEventsRelations = relations(auditEvents, ({ one }) => ({
  actor: one(users, { fields: [auditEvents.actorId], references: [users.id] }),
}));

/**
 * Something the team changed in answer to what customers reported: a guide, a prompt tip, a roadmap
 * item. Insights compare the refund and report rates before and after `takenOn`.
 */
export const insightActions = pgTable(
  "insight_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: insightActionKindEnum("kind").notNull(),
    featureKey: text("feature_key").references(() => features.key),
    theme: text("theme"),
    title: text("title").notNull(),
    link: text("link"),
    takenOn: timestamp("taken_on", { withTimezone: true }).notNull(),
    authorId: uuid("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("insight_actions_subject", sql`${t.featureKey} IS NOT NULL OR ${t.theme} IS NOT NULL`),
    check("insight_actions_title_length", sql`char_length(${t.title}) BETWEEN 1 AND 200`),
    index("insight_actions_feature_idx").on(t.featureKey, t.takenOn),
  ],
);
export type InsightAction = typeof insightActions.$inferSelect;

/**
 * Exact daily sums for insights: one row per UTC day (of the generation's createdAt) × feature × model
 * version × platform, rebuilt from generations and refund requests by the insights.rollup job. Insights
 * read a day from here only when insight_rollup_days says it was built and no change to it waits in
 * insight_changes; any other day is read from the source tables.
 */
export const insightDaily = pgTable(
  "insight_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    featureKey: text("feature_key").notNull(),
    modelVersion: text("model_version"),
    platform: platformEnum("platform").notNull(),
    generations: integer("generations").notNull(),
    succeeded: integer("succeeded").notNull(),
    failed: integer("failed").notNull(),
    refundRequests: integer("refund_requests").notNull(),
    approved: integer("approved").notNull(),
    denied: integer("denied").notNull(),
    inReview: integer("in_review").notNull(),
    creditsSpent: bigint("credits_spent", { mode: "number" }).notNull(),
    creditsRefunded: bigint("credits_refunded", { mode: "number" }).notNull(),
  },
  (t) => [index("insight_daily_day_idx").on(t.day, t.featureKey)],
);

/** The "Bad result" reports of a day, by feature and the customer's own words, for reasons and themes. */
export const insightDailyReports = pgTable(
  "insight_daily_reports",
  {
    day: date("day", { mode: "string" }).notNull(),
    featureKey: text("feature_key").notNull(),
    reason: refundReasonEnum("reason").notNull(),
    details: text("details").notNull(),
    reports: integer("reports").notNull(),
    creditsRefunded: bigint("credits_refunded", { mode: "number" }).notNull(),
  },
  (t) => [index("insight_daily_reports_day_idx").on(t.day, t.featureKey)],
);

/** The days whose rollups were built, each once it had ended. */
export const insightRollupDays = pgTable("insight_rollup_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  builtAt: timestamp("built_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Days whose generations or "Bad result" reports changed after the day ended, written by triggers on
 * both tables: until the job rebuilds such a day, insights read it from the source. Append-only for
 * writers, so that recording a change never waits on another.
 */
export const insightChanges = pgTable(
  "insight_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    day: date("day", { mode: "string" }).notNull(),
  },
  (t) => [index("insight_changes_day_idx").on(t.day)],
);
