CREATE TABLE "breaker_trip_counts" (
	"scope" text NOT NULL,
	"breaker" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "breaker_trip_counts_scope_breaker_pk" PRIMARY KEY("scope","breaker")
);
--> statement-breakpoint
CREATE TABLE "fill_counts" (
	"reason" text PRIMARY KEY NOT NULL,
	"count" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_status_counts" (
	"source" text NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "order_status_counts_source_status_reason_pk" PRIMARY KEY("source","status","reason")
);

--> statement-breakpoint
CREATE FUNCTION count_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO order_status_counts AS counts (source, status, reason, count)
    VALUES (NEW.source, NEW.status, COALESCE(NEW.reject_reason, ''), 1)
    ON CONFLICT (source, status, reason) DO UPDATE SET count = counts.count + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_count_status AFTER INSERT OR UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION count_order_status();
--> statement-breakpoint
CREATE FUNCTION count_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fill_counts AS counts (reason, count) VALUES (COALESCE(NEW.reason, ''), 1)
  ON CONFLICT (reason) DO UPDATE SET count = counts.count + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fills_count AFTER INSERT ON fills FOR EACH ROW EXECUTE FUNCTION count_fill();
--> statement-breakpoint
CREATE FUNCTION count_breaker_trip() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO breaker_trip_counts AS counts (scope, breaker, count) VALUES (COALESCE(NEW.subject_id, ''), COALESCE(NEW.details->>'breaker', ''), 1)
  ON CONFLICT (scope, breaker) DO UPDATE SET count = counts.count + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_count_breaker_trips AFTER INSERT ON audit_events FOR EACH ROW
  WHEN (NEW.action = 'circuit_breaker.tripped') EXECUTE FUNCTION count_breaker_trip();
--> statement-breakpoint
-- The history so far: every order was submitted once and sits in its last status; fills and trips as recorded.
INSERT INTO order_status_counts (source, status, reason, count)
  SELECT source, 'submitting', '', count(*) FROM orders WHERE status <> 'submitting' GROUP BY source;
--> statement-breakpoint
INSERT INTO order_status_counts AS counts (source, status, reason, count)
  SELECT source, status, COALESCE(reject_reason, ''), count(*) FROM orders GROUP BY source, status, COALESCE(reject_reason, '')
  ON CONFLICT (source, status, reason) DO UPDATE SET count = counts.count + EXCLUDED.count;
--> statement-breakpoint
INSERT INTO fill_counts (reason, count) SELECT COALESCE(reason, ''), count(*) FROM fills GROUP BY COALESCE(reason, '');
--> statement-breakpoint
INSERT INTO breaker_trip_counts (scope, breaker, count)
  SELECT COALESCE(subject_id, ''), COALESCE(details->>'breaker', ''), count(*) FROM audit_events WHERE action = 'circuit_breaker.tripped' GROUP BY COALESCE(subject_id, ''), COALESCE(details->>'breaker', '');
