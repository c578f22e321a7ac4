CREATE TABLE IF NOT EXISTS "rates_months" (
	"village_id" integer NOT NULL,
	"month" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"basis" text NOT NULL,
	"valid_until" timestamp with time zone,
	"metrics" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rates_months_pkey" PRIMARY KEY("village_id","month")
);--> statement-breakpoint
-- Forgets the cached rates of the months a change touches, under the village's shared lock (7304552, village):
-- a desk view computing a month holds it exclusively, so a change either was committed before the view read
-- or waits for the view's row and deletes it. Only the events the rates count (metrics.ts, COUNTED_EVENTS).
CREATE OR REPLACE FUNCTION "rates_months_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'requests' THEN
    IF TG_OP <> 'INSERT' THEN
      PERFORM pg_advisory_xact_lock_shared(7304552, village_id) FROM (SELECT DISTINCT village_id FROM old_rows) x;
      DELETE FROM rates_months m USING old_rows o
        WHERE m.village_id = o.village_id AND o.created_at >= m.from_at AND o.created_at < m.to_at;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      PERFORM pg_advisory_xact_lock_shared(7304552, village_id) FROM (SELECT DISTINCT village_id FROM new_rows) x;
      DELETE FROM rates_months m USING new_rows n
        WHERE m.village_id = n.village_id AND n.created_at >= m.from_at AND n.created_at < m.to_at;
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM pg_advisory_xact_lock_shared(7304552, village_id) FROM (SELECT DISTINCT r.village_id FROM new_rows e
      JOIN requests r ON r.ref = e.request_ref WHERE e.type IN ('assigned', 'accepted', 'resolved', 'rated')) x;
    DELETE FROM rates_months m USING new_rows e JOIN requests r ON r.ref = e.request_ref
      WHERE e.type IN ('assigned', 'accepted', 'resolved', 'rated')
        AND m.village_id = r.village_id AND r.created_at >= m.from_at AND r.created_at < m.to_at;
  ELSE
    PERFORM pg_advisory_xact_lock_shared(7304552, village_id) FROM (SELECT DISTINCT r.village_id FROM old_rows e
      JOIN requests r ON r.ref = e.request_ref WHERE e.type IN ('assigned', 'accepted', 'resolved', 'rated')) x;
    DELETE FROM rates_months m USING old_rows e JOIN requests r ON r.ref = e.request_ref
      WHERE e.type IN ('assigned', 'accepted', 'resolved', 'rated')
        AND m.village_id = r.village_id AND r.created_at >= m.from_at AND r.created_at < m.to_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "rates_months_requests_insert" ON "requests";--> statement-breakpoint
CREATE TRIGGER "rates_months_requests_insert" AFTER INSERT ON "requests" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rates_months_forget();--> statement-breakpoint
DROP TRIGGER IF EXISTS "rates_months_requests_update" ON "requests";--> statement-breakpoint
CREATE TRIGGER "rates_months_requests_update" AFTER UPDATE ON "requests" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rates_months_forget();--> statement-breakpoint
DROP TRIGGER IF EXISTS "rates_months_requests_delete" ON "requests";--> statement-breakpoint
CREATE TRIGGER "rates_months_requests_delete" AFTER DELETE ON "requests" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rates_months_forget();--> statement-breakpoint
DROP TRIGGER IF EXISTS "rates_months_events_insert" ON "request_events";--> statement-breakpoint
CREATE TRIGGER "rates_months_events_insert" AFTER INSERT ON "request_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rates_months_forget();--> statement-breakpoint
DROP TRIGGER IF EXISTS "rates_months_events_delete" ON "request_events";--> statement-breakpoint
CREATE TRIGGER "rates_months_events_delete" AFTER DELETE ON "request_events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rates_months_forget();
