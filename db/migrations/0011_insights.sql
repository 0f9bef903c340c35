CREATE TYPE "public"."insight_action_kind" AS ENUM('guide_updated', 'prompt_tip', 'roadmap_item', 'model_change', 'other');--> statement-breakpoint
CREATE TABLE "insight_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "insight_action_kind" NOT NULL,
	"feature_key" text,
	"theme" text,
	"title" text NOT NULL,
	"link" text,
	"taken_on" timestamp with time zone NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insight_actions_subject" CHECK ("insight_actions"."feature_key" IS NOT NULL OR "insight_actions"."theme" IS NOT NULL),
	CONSTRAINT "insight_actions_title_length" CHECK (char_length("insight_actions"."title") BETWEEN 1 AND 200)
);
--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "facts" jsonb;--> statement-breakpoint
ALTER TABLE "refund_requests" ADD COLUMN "facts_rebuilt" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_actions" ADD CONSTRAINT "insight_actions_feature_key_features_key_fk" FOREIGN KEY ("feature_key") REFERENCES "public"."features"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_actions" ADD CONSTRAINT "insight_actions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_actions_feature_idx" ON "insight_actions" USING btree ("feature_key","taken_on");