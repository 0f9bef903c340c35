CREATE TYPE "public"."quality_status" AS ENUM('pending', 'checked', 'unavailable', 'not_applicable');--> statement-breakpoint
CREATE TYPE "public"."refund_decider" AS ENUM('policy', 'agent');--> statement-breakpoint
CREATE TYPE "public"."refund_reason" AS ENUM('artifacts', 'distorted', 'blurry', 'misunderstood', 'incomplete', 'corrupted', 'other');--> statement-breakpoint
CREATE TYPE "public"."refund_status" AS ENUM('in_review', 'approved', 'denied');--> statement-breakpoint
CREATE TYPE "public"."request_source" AS ENUM('web', 'api');--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" text NOT NULL,
	"refund_request_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_checks" (
	"generation_id" text PRIMARY KEY NOT NULL,
	"status" "quality_status" DEFAULT 'pending' NOT NULL,
	"decodes" boolean,
	"format" text,
	"width" integer,
	"height" integer,
	"expected_width" integer,
	"expected_height" integer,
	"uniform" boolean,
	"spread" real,
	"problem" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_checks_checked_when_done" CHECK (("quality_checks"."status" = 'pending') = ("quality_checks"."checked_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "refund_policies" (
	"version" serial PRIMARY KEY NOT NULL,
	"window_hours" integer NOT NULL,
	"min_details_length" integer NOT NULL,
	"soft_limit_requests" integer NOT NULL,
	"hard_limit_requests" integer NOT NULL,
	"refunded_share_percent" integer NOT NULL,
	"min_account_age_hours" integer NOT NULL,
	"sla_hours" integer NOT NULL,
	"deny_downloaded_then_used" boolean NOT NULL,
	"note" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_policies_window_positive" CHECK ("refund_policies"."window_hours" > 0),
	CONSTRAINT "refund_policies_details_length" CHECK ("refund_policies"."min_details_length" BETWEEN 1 AND 2000),
	CONSTRAINT "refund_policies_limits" CHECK ("refund_policies"."soft_limit_requests" >= 1 AND "refund_policies"."hard_limit_requests" >= "refund_policies"."soft_limit_requests"),
	CONSTRAINT "refund_policies_share" CHECK ("refund_policies"."refunded_share_percent" BETWEEN 0 AND 100),
	CONSTRAINT "refund_policies_account_age" CHECK ("refund_policies"."min_account_age_hours" >= 0),
	CONSTRAINT "refund_policies_sla" CHECK ("refund_policies"."sla_hours" >= 1)
);
--> statement-breakpoint
CREATE TABLE "refund_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"generation_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"reason" "refund_reason" NOT NULL,
	"details" text NOT NULL,
	"source" "request_source" NOT NULL,
	"status" "refund_status" NOT NULL,
	"decision_code" text,
	"decision_message" text NOT NULL,
	"decided_by" "refund_decider",
	"decider_id" uuid,
	"decided_at" timestamp with time zone,
	"credits_refunded" integer DEFAULT 0 NOT NULL,
	"policy_version" integer NOT NULL,
	"trace" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_requests_one_per_generation" UNIQUE("generation_id"),
	CONSTRAINT "refund_requests_details_length" CHECK (char_length("refund_requests"."details") BETWEEN 1 AND 2000),
	CONSTRAINT "refund_requests_decided_when_closed" CHECK (("refund_requests"."status" = 'in_review') = ("refund_requests"."decided_at" IS NULL) AND ("refund_requests"."decided_at" IS NULL) = ("refund_requests"."decided_by" IS NULL) AND ("refund_requests"."decided_at" IS NULL) = ("refund_requests"."decision_code" IS NULL)),
	CONSTRAINT "refund_requests_agent_named" CHECK (("refund_requests"."decided_by" = 'agent') = ("refund_requests"."decider_id" IS NOT NULL)),
	CONSTRAINT "refund_requests_refunded_when_approved" CHECK (("refund_requests"."status" = 'approved') = ("refund_requests"."credits_refunded" > 0))
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "expected_width" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "expected_height" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "downloaded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_refund_request_id_refund_requests_id_fk" FOREIGN KEY ("refund_request_id") REFERENCES "public"."refund_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_checks" ADD CONSTRAINT "quality_checks_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_policies" ADD CONSTRAINT "refund_policies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_decider_id_users_id_fk" FOREIGN KEY ("decider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_policy_version_refund_policies_version_fk" FOREIGN KEY ("policy_version") REFERENCES "public"."refund_policies"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_customer_created_idx" ON "notifications" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("customer_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "quality_checks_pending_idx" ON "quality_checks" USING btree ("created_at") WHERE "quality_checks"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "refund_requests_customer_created_idx" ON "refund_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "refund_requests_in_review_idx" ON "refund_requests" USING btree ("created_at","id") WHERE "refund_requests"."status" = 'in_review';--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_expected_size" CHECK (("generations"."expected_width" IS NULL) = ("generations"."expected_height" IS NULL) AND coalesce("generations"."expected_width" > 0 AND "generations"."expected_height" > 0, true));