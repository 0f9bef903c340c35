DROP INDEX "quality_checks_pending_idx";--> statement-breakpoint
ALTER TABLE "quality_checks" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
-- A pending check is now claimed straight from this table; the jobs that used to carry it are not needed.
UPDATE "quality_checks" SET "next_attempt_at" = now() WHERE "status" = 'pending';--> statement-breakpoint
DELETE FROM "job_requests" WHERE "task" = 'quality.check';--> statement-breakpoint
DO $$ BEGIN
  IF to_regprocedure('graphile_worker.complete_jobs(bigint[])') IS NOT NULL THEN
    PERFORM graphile_worker.complete_jobs(array(
      SELECT jobs.id FROM graphile_worker._private_jobs jobs
      JOIN graphile_worker._private_tasks tasks ON tasks.id = jobs.task_id
      WHERE tasks.identifier = 'quality.check'));
  END IF;
END $$;--> statement-breakpoint
CREATE INDEX "quality_checks_pending_idx" ON "quality_checks" USING btree ("next_attempt_at") WHERE "quality_checks"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "quality_checks" ADD CONSTRAINT "quality_checks_due_while_pending" CHECK (("quality_checks"."status" = 'pending') = ("quality_checks"."next_attempt_at" IS NOT NULL));
