CREATE TYPE "public"."dispute_finding" AS ENUM('fraudulent', 'legitimate');--> statement-breakpoint
CREATE TYPE "public"."dispute_status" AS ENUM('open', 'won', 'lost');--> statement-breakpoint
CREATE TYPE "public"."payment_provider" AS ENUM('demo', 'stripe', 'host');--> statement-breakpoint
CREATE TYPE "public"."product_kind" AS ENUM('credit_pack', 'day_pass', 'subscription');--> statement-breakpoint
CREATE TYPE "public"."provider_refund_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."purchase_refund_reason" AS ENUM('duplicate', 'accidental', 'not_as_expected', 'no_longer_needed', 'other');--> statement-breakpoint
CREATE TYPE "public"."purchase_status" AS ENUM('paid', 'partially_refunded', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."refund_request_kind" AS ENUM('generation', 'purchase');--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"purchase_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" "dispute_status" NOT NULL,
	"reason" text,
	"held_credits" integer DEFAULT 0 NOT NULL,
	"finding" "dispute_finding",
	"finding_note" text,
	"found_by" uuid,
	"found_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_id_format" CHECK ("disputes"."id" ~ '^[A-Za-z0-9_.:-]{1,128}$'),
	CONSTRAINT "disputes_closed_when_ended" CHECK (("disputes"."status" = 'open') = ("disputes"."closed_at" IS NULL)),
	CONSTRAINT "disputes_held_not_negative" CHECK ("disputes"."held_credits" >= 0),
	CONSTRAINT "disputes_finding_named" CHECK (("disputes"."finding" IS NULL) = ("disputes"."found_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "products" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "product_kind" NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"credits" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_key_format" CHECK ("products"."key" ~ '^[a-z0-9_]{1,64}$'),
	CONSTRAINT "products_amount_positive" CHECK ("products"."amount" > 0),
	CONSTRAINT "products_currency_iso" CHECK ("products"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "products_credits_positive" CHECK ("products"."credits" > 0)
);
--> statement-breakpoint
CREATE TABLE "provider_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_id" text NOT NULL,
	"refund_request_id" uuid NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"status" "provider_refund_status" DEFAULT 'pending' NOT NULL,
	"provider_refund_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "provider_refunds_one_per_request" UNIQUE("refund_request_id"),
	CONSTRAINT "provider_refunds_amount_positive" CHECK ("provider_refunds"."amount" > 0),
	CONSTRAINT "provider_refunds_settled" CHECK (("provider_refunds"."status" = 'pending') = ("provider_refunds"."settled_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "purchases" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"product_key" text NOT NULL,
	"kind" "product_kind" NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"credits" integer NOT NULL,
	"provider" "payment_provider" NOT NULL,
	"payment_ref" text,
	"purchased_at" timestamp with time zone NOT NULL,
	"renewal" boolean DEFAULT false NOT NULL,
	"cancel_requested_at" timestamp with time zone,
	"duplicate_of" text,
	"status" "purchase_status" DEFAULT 'paid' NOT NULL,
	"money_refunded" integer DEFAULT 0 NOT NULL,
	"credits_reversed" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchases_id_format" CHECK ("purchases"."id" ~ '^[A-Za-z0-9_.:-]{1,128}$'),
	CONSTRAINT "purchases_amount_positive" CHECK ("purchases"."amount" > 0),
	CONSTRAINT "purchases_currency_iso" CHECK ("purchases"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "purchases_credits_positive" CHECK ("purchases"."credits" > 0),
	CONSTRAINT "purchases_money_refunded" CHECK ("purchases"."money_refunded" BETWEEN 0 AND "purchases"."amount"),
	CONSTRAINT "purchases_credits_reversed" CHECK ("purchases"."credits_reversed" BETWEEN 0 AND "purchases"."credits")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refund_requests" DROP CONSTRAINT "refund_requests_refunded_when_approved";--> statement-breakpoint
ALTER TABLE "transfers" DROP CONSTRAINT "transfers_generation_kinds";--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "generation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "feature_key" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "platform" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "reason" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "frozen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_policies" ADD COLUMN "purchase_refund_window_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_policies" ADD COLUMN "day_pass_substantial_use" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_policies" ADD COLUMN "duplicate_window_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "kind" "refund_request_kind" DEFAULT 'generation' NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "purchase_id" text;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "purchase_reason" "purchase_refund_reason";--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "credits_reversed" integer;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "money_refunded" integer;--> statement-breakpoint
ALTER TABLE "transfers" ADD COLUMN "purchase_id" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_found_by_users_id_fk" FOREIGN KEY ("found_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_refunds" ADD CONSTRAINT "provider_refunds_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_refunds" ADD CONSTRAINT "provider_refunds_refund_request_id_refund_requests_id_fk" FOREIGN KEY ("refund_request_id") REFERENCES "public"."refund_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_product_key_products_key_fk" FOREIGN KEY ("product_key") REFERENCES "public"."products"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_duplicate_of_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_open_idx" ON "disputes" USING btree ("opened_at") WHERE "disputes"."status" = 'open';--> statement-breakpoint
CREATE INDEX "disputes_customer_idx" ON "disputes" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchases_payment_ref_once" ON "purchases" USING btree ("provider","payment_ref") WHERE "purchases"."payment_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "purchases_customer_product_idx" ON "purchases" USING btree ("customer_id","product_key","purchased_at");--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_purchase_id_purchases_id_fk" FOREIGN KEY ("purchase_id") REFERENCES "public"."purchases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_grant_once_per_purchase" ON "transfers" USING btree ("purchase_id") WHERE "transfers"."kind" = 'purchase';--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_one_per_purchase" UNIQUE("purchase_id");--> statement-breakpoint
ALTER TABLE "refund_policies" ADD CONSTRAINT "refund_policies_purchase_window" CHECK ("refund_policies"."purchase_refund_window_days" BETWEEN 1 AND 365);--> statement-breakpoint
ALTER TABLE "refund_policies" ADD CONSTRAINT "refund_policies_day_pass_use" CHECK ("refund_policies"."day_pass_substantial_use" >= 1);--> statement-breakpoint
ALTER TABLE "refund_policies" ADD CONSTRAINT "refund_policies_duplicate_window" CHECK ("refund_policies"."duplicate_window_hours" BETWEEN 1 AND 720);--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_generation_fields" CHECK (("refund_requests"."kind" = 'generation') = ("refund_requests"."generation_id" IS NOT NULL AND "refund_requests"."feature_key" IS NOT NULL AND "refund_requests"."platform" IS NOT NULL AND "refund_requests"."reason" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_purchase_fields" CHECK (("refund_requests"."kind" = 'purchase') = ("refund_requests"."purchase_id" IS NOT NULL AND "refund_requests"."purchase_reason" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_purchase_figures" CHECK (("refund_requests"."kind" = 'purchase' AND "refund_requests"."status" = 'approved') = ("refund_requests"."credits_reversed" IS NOT NULL AND "refund_requests"."money_refunded" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_refunded_when_approved" CHECK ("refund_requests"."kind" <> 'generation' OR ("refund_requests"."status" = 'approved') = ("refund_requests"."credits_refunded" > 0));--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_purchase_kinds" CHECK ("transfers"."kind" NOT IN ('purchase', 'purchase_reversal') OR "transfers"."purchase_id" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_generation_kinds" CHECK ("transfers"."kind" NOT IN ('hold', 'capture', 'release', 'refund') OR "transfers"."generation_id" IS NOT NULL OR ("transfers"."kind" IN ('hold', 'release') AND "transfers"."purchase_id" IS NOT NULL));--> statement-breakpoint
INSERT INTO "products" ("key", "name", "kind", "amount", "currency", "credits", "position") VALUES
  ('credits_100', '100 credits', 'credit_pack', 999, 'USD', 100, 1),
  ('credits_500', '500 credits', 'credit_pack', 3999, 'USD', 500, 2),
  ('day_pass', '24-hour pass', 'day_pass', 499, 'USD', 200, 3),
  ('monthly', 'Monthly plan', 'subscription', 1999, 'USD', 400, 4);
