CREATE TABLE "request_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_notes_body_length" CHECK (char_length("request_notes"."body") BETWEEN 1 AND 2000)
);
--> statement-breakpoint
CREATE TABLE "review_skips" (
	"request_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_skips_agent_id_request_id_pk" PRIMARY KEY("agent_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "refund_policies" ADD COLUMN "claim_lease_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "feature_key" text;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "platform" "platform";--> statement-breakpoint
UPDATE "refund_requests" r SET "feature_key" = g."feature_key", "platform" = g."platform" FROM "generations" g WHERE g."id" = r."generation_id";--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "feature_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ALTER COLUMN "platform" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "claim_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "request_notes" ADD CONSTRAINT "request_notes_request_id_refund_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."refund_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_notes" ADD CONSTRAINT "request_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_skips" ADD CONSTRAINT "review_skips_request_id_refund_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."refund_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_skips" ADD CONSTRAINT "review_skips_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_notes_request_idx" ON "request_notes" USING btree ("request_id","created_at");--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_feature_key_features_key_fk" FOREIGN KEY ("feature_key") REFERENCES "public"."features"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_policies" ADD CONSTRAINT "refund_policies_claim_lease" CHECK ("refund_policies"."claim_lease_minutes" BETWEEN 1 AND 240);--> statement-breakpoint
ALTER TABLE "refund_requests" ADD CONSTRAINT "refund_requests_claim_has_lease" CHECK (("refund_requests"."claimed_by" IS NULL) = ("refund_requests"."claim_expires_at" IS NULL));