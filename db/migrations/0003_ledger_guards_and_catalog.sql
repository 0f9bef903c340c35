CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE FUNCTION refund_within_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  captured bigint;
BEGIN
  SELECT coalesce(sum(amount), 0) INTO captured FROM transfers
    WHERE generation_id = NEW.generation_id AND kind = 'capture';
  IF NEW.amount > captured THEN
    RAISE EXCEPTION 'refund of % exceeds the % credits captured for generation %', NEW.amount, captured, NEW.generation_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'transfers_refund_within_capture';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transfers_refund_within_capture BEFORE INSERT ON transfers FOR EACH ROW
  WHEN (NEW.kind = 'refund') EXECUTE FUNCTION refund_within_capture();
--> statement-breakpoint
INSERT INTO ledger_accounts (kind) VALUES ('grants'), ('purchases'), ('consumed'), ('forfeited');
--> statement-breakpoint
INSERT INTO features (key, name, kind, credit_cost, position) VALUES
  ('virtual_model', 'Virtual Model', 'image', 4, 1),
  ('flat_lay', 'Flat Lay', 'image', 3, 2),
  ('ghost_mannequin', 'Ghost Mannequin', 'image', 3, 3),
  ('edit_with_ai', 'Edit with AI', 'image', 2, 4),
  ('recolor', 'Recolor', 'image', 1, 5),
  ('product_beautifier', 'Product Beautifier', 'image', 2, 6),
  ('ironing', 'Ironing', 'image', 1, 7),
  ('video_generator', 'Video Generator', 'video', 10, 8),
  ('logo', 'Logo', 'image', 2, 9),
  ('text', 'Text', 'image', 1, 10),
  ('create_any_image', 'Create any image', 'image', 3, 11),
  ('instagram_story', 'Instagram Story', 'image', 2, 12),
  ('ai_backgrounds', 'AI Backgrounds', 'image', 2, 13),
  ('ai_shadows', 'AI Shadows', 'image', 1, 14),
  ('image_enhancer', 'Image Enhancer', 'image', 1, 15),
  ('ai_expand', 'AI Expand', 'image', 2, 16),
  ('retouch', 'Retouch', 'image', 1, 17),
  ('studio_shot', 'Studio Shot', 'image', 3, 18);
--> statement-breakpoint
INSERT INTO feature_eligibility (feature_key, platform, eligible)
SELECT f.key, p.platform::platform,
  CASE
    WHEN f.key IN ('ai_shadows', 'image_enhancer', 'ai_expand', 'retouch', 'studio_shot') THEN false
    WHEN f.key = 'ai_backgrounds' THEN p.platform = 'android'
    ELSE true
  END
FROM features f CROSS JOIN (VALUES ('ios'), ('android'), ('web')) AS p(platform);
--> statement-breakpoint
INSERT INTO context_eligibility (context, eligible) VALUES ('editor', true), ('batch', false), ('product_catalog', false);
