INSERT INTO refund_policies
  (window_hours, min_details_length, soft_limit_requests, hard_limit_requests, refunded_share_percent,
   min_account_age_hours, sla_hours, deny_downloaded_then_used, note)
VALUES (72, 15, 5, 20, 30, 24, 24, false, 'Defaults');
--> statement-breakpoint
INSERT INTO quality_checks (generation_id) SELECT id FROM generations WHERE status = 'succeeded';
