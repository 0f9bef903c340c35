CREATE TABLE "insight_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_daily" (
	"day" date NOT NULL,
	"feature_key" text NOT NULL,
	"model_version" text,
	"platform" "platform" NOT NULL,
	"generations" integer NOT NULL,
	"succeeded" integer NOT NULL,
	"failed" integer NOT NULL,
	"refund_requests" integer NOT NULL,
	"approved" integer NOT NULL,
	"denied" integer NOT NULL,
	"in_review" integer NOT NULL,
	"credits_spent" bigint NOT NULL,
	"credits_refunded" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_daily_reports" (
	"day" date NOT NULL,
	"feature_key" text NOT NULL,
	"reason" "refund_reason" NOT NULL,
	"details" text NOT NULL,
	"reports" integer NOT NULL,
	"credits_refunded" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_rollup_days" (
	"day" date PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "insight_changes_day_idx" ON "insight_changes" USING btree ("day");--> statement-breakpoint
CREATE INDEX "insight_daily_day_idx" ON "insight_daily" USING btree ("day","feature_key");--> statement-breakpoint
CREATE INDEX "insight_daily_reports_day_idx" ON "insight_daily_reports" USING btree ("day","feature_key");--> statement-breakpoint
CREATE INDEX "generations_created_idx" ON "generations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "transfers_capture_generation_idx" ON "transfers" USING btree ("generation_id") WHERE "transfers"."kind" = 'capture';--> statement-breakpoint
-- A change to a generation, or to its "Bad result" report, after the generation's UTC day ended leaves
-- that day in insight_changes: its rollup is stale until the insights.rollup job rebuilds it. The
-- current day is never rolled up, so its changes need no row. clock_timestamp(), not now(): a long
-- transaction that began on the day still logs what it changes after midnight.
CREATE FUNCTION insight_day_changed(created timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF (created AT TIME ZONE 'UTC')::date < (clock_timestamp() AT TIME ZONE 'UTC')::date THEN
    INSERT INTO insight_changes (day) VALUES ((created AT TIME ZONE 'UTC')::date);
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION insight_generation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_day_changed(NEW.created_at);
  IF TG_OP = 'UPDATE' AND OLD.created_at IS DISTINCT FROM NEW.created_at THEN
    PERFORM insight_day_changed(OLD.created_at);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER generations_insight_changes AFTER INSERT OR UPDATE OF status, cost, created_at, feature_key, model_version, platform
  ON generations FOR EACH ROW EXECUTE FUNCTION insight_generation_changed();
--> statement-breakpoint
CREATE FUNCTION insight_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'generation' THEN
    PERFORM insight_day_changed(g.created_at) FROM generations g WHERE g.id = NEW.generation_id;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.kind = 'generation' AND OLD.generation_id IS DISTINCT FROM NEW.generation_id THEN
    PERFORM insight_day_changed(g.created_at) FROM generations g WHERE g.id = OLD.generation_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER refund_requests_insight_changes AFTER INSERT OR UPDATE OF status, credits_refunded, reason, details, kind, generation_id
  ON refund_requests FOR EACH ROW EXECUTE FUNCTION insight_report_changed();
