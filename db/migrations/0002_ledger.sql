CREATE TYPE "public"."account_kind" AS ENUM('customer', 'grants', 'purchases', 'consumed', 'forfeited');--> statement-breakpoint
CREATE TYPE "public"."generation_context" AS ENUM('editor', 'batch', 'product_catalog');--> statement-breakpoint
CREATE TYPE "public"."decision_mode" AS ENUM('instant', 'review');--> statement-breakpoint
CREATE TYPE "public"."feature_kind" AS ENUM('image', 'video');--> statement-breakpoint
CREATE TYPE "public"."generation_status" AS ENUM('running', 'succeeded', 'failed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."platform" AS ENUM('ios', 'android', 'web');--> statement-breakpoint
CREATE TYPE "public"."transfer_kind" AS ENUM('grant', 'purchase', 'hold', 'capture', 'release', 'refund', 'adjustment', 'forfeit', 'purchase_reversal');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "context_eligibility" (
	"context" "generation_context" PRIMARY KEY NOT NULL,
	"eligible" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_eligibility" (
	"feature_key" text NOT NULL,
	"platform" "platform" NOT NULL,
	"eligible" boolean NOT NULL,
	CONSTRAINT "feature_eligibility_feature_key_platform_pk" PRIMARY KEY("feature_key","platform")
);
--> statement-breakpoint
CREATE TABLE "features" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "feature_kind" NOT NULL,
	"credit_cost" integer NOT NULL,
	"decision_mode" "decision_mode" DEFAULT 'instant' NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "features_cost_positive" CHECK ("features"."credit_cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"feature_key" text NOT NULL,
	"platform" "platform" NOT NULL,
	"context" "generation_context" NOT NULL,
	"cost" integer NOT NULL,
	"status" "generation_status" DEFAULT 'running' NOT NULL,
	"input_url" text,
	"output_url" text,
	"prompt" text,
	"model_version" text,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hold_expires_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "generations_id_format" CHECK ("generations"."id" ~ '^[A-Za-z0-9_.:-]{1,128}$'),
	CONSTRAINT "generations_cost_positive" CHECK ("generations"."cost" > 0),
	CONSTRAINT "generations_finished_when_resolved" CHECK (("generations"."status" = 'running') = ("generations"."finished_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" "account_kind" NOT NULL,
	"customer_id" text,
	"posted" bigint DEFAULT 0 NOT NULL,
	"held" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_accounts_customer_id_unique" UNIQUE("customer_id"),
	CONSTRAINT "ledger_accounts_customer_link" CHECK (("ledger_accounts"."kind" = 'customer') = ("ledger_accounts"."customer_id" IS NOT NULL)),
	CONSTRAINT "ledger_accounts_held_not_negative" CHECK ("ledger_accounts"."held" >= 0),
	CONSTRAINT "ledger_accounts_available_not_negative" CHECK ("ledger_accounts"."kind" <> 'customer' OR "ledger_accounts"."posted" - "ledger_accounts"."held" >= 0),
	CONSTRAINT "ledger_accounts_system_store_nothing" CHECK ("ledger_accounts"."kind" = 'customer' OR ("ledger_accounts"."posted" = 0 AND "ledger_accounts"."held" = 0))
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" "transfer_kind" NOT NULL,
	"debit_account_id" bigint NOT NULL,
	"credit_account_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"customer_account_id" bigint NOT NULL,
	"available_after" bigint NOT NULL,
	"pending_id" bigint,
	"generation_id" text,
	"memo" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "transfers_amount_positive" CHECK ("transfers"."amount" > 0),
	CONSTRAINT "transfers_two_accounts" CHECK ("transfers"."debit_account_id" <> "transfers"."credit_account_id"),
	CONSTRAINT "transfers_customer_side" CHECK ("transfers"."customer_account_id" IN ("transfers"."debit_account_id", "transfers"."credit_account_id")),
	CONSTRAINT "transfers_available_not_negative" CHECK ("transfers"."available_after" >= 0),
	CONSTRAINT "transfers_resolution_names_hold" CHECK (("transfers"."kind" IN ('capture', 'release')) = ("transfers"."pending_id" IS NOT NULL)),
	CONSTRAINT "transfers_generation_kinds" CHECK ("transfers"."kind" NOT IN ('hold', 'capture', 'release', 'refund') OR "transfers"."generation_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "feature_eligibility" ADD CONSTRAINT "feature_eligibility_feature_key_features_key_fk" FOREIGN KEY ("feature_key") REFERENCES "public"."features"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_feature_key_features_key_fk" FOREIGN KEY ("feature_key") REFERENCES "public"."features"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_debit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_credit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_customer_account_id_ledger_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_customer_created_idx" ON "generations" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "generations_running_expiry_idx" ON "generations" USING btree ("hold_expires_at") WHERE "generations"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_one_per_system_kind" ON "ledger_accounts" USING btree ("kind") WHERE "ledger_accounts"."kind" <> 'customer';--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_hold_resolved_once" ON "transfers" USING btree ("pending_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_hold_once_per_generation" ON "transfers" USING btree ("generation_id") WHERE "transfers"."kind" = 'hold';--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_refund_once_per_generation" ON "transfers" USING btree ("generation_id") WHERE "transfers"."kind" = 'refund';--> statement-breakpoint
CREATE INDEX "transfers_customer_history_idx" ON "transfers" USING btree ("customer_account_id","id");