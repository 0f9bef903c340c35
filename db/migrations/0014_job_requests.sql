CREATE TABLE "job_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task" text NOT NULL,
	"payload" json NOT NULL,
	"run_at" timestamp with time zone,
	"max_attempts" integer,
	"job_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
