CREATE TABLE IF NOT EXISTS "request_tallies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_tallies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"village_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	"changes" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "request_tallies_village" ON "request_tallies" USING btree ("village_id","kind","status");--> statement-breakpoint
CREATE OR REPLACE FUNCTION "request_tallies_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO request_tallies (village_id, kind, status, n, changes)
      SELECT village_id, kind, status, count(*), count(*) FROM new_rows GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO request_tallies (village_id, kind, status, n, changes)
      SELECT village_id, kind, status, -count(*), count(*) FROM old_rows GROUP BY 1, 2, 3;
  ELSE
    INSERT INTO request_tallies (village_id, kind, status, n, changes)
      SELECT village_id, kind, status, sum(d), count(*) FROM (
        SELECT village_id, kind, status, -1 AS d FROM old_rows
        UNION ALL
        SELECT village_id, kind, status, 1 AS d FROM new_rows
      ) x GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "request_tallies_insert" ON "requests";--> statement-breakpoint
CREATE TRIGGER "request_tallies_insert" AFTER INSERT ON "requests" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_tallies_count();--> statement-breakpoint
DROP TRIGGER IF EXISTS "request_tallies_update" ON "requests";--> statement-breakpoint
CREATE TRIGGER "request_tallies_update" AFTER UPDATE ON "requests" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION request_tallies_count();--> statement-breakpoint
DROP TRIGGER IF EXISTS "request_tallies_delete" ON "requests";--> statement-breakpoint
CREATE TRIGGER "request_tallies_delete" AFTER DELETE ON "requests" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION request_tallies_count();--> statement-breakpoint
-- The triggers exist (and hold writers off until this commits) before the history is counted: nothing is missed or counted twice.
DELETE FROM "request_tallies";--> statement-breakpoint
INSERT INTO "request_tallies" ("village_id", "kind", "status", "n", "changes")
  SELECT "village_id", "kind", "status", count(*), count(*) FROM "requests" GROUP BY 1, 2, 3;
