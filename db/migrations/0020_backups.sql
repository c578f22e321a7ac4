CREATE TABLE "backups" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"night" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"file" text,
	"bytes" bigint,
	"sha256" text,
	"schema_tag" text,
	"error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "backups_night" ON "backups" USING btree ("night");--> statement-breakpoint
CREATE INDEX "backups_finished" ON "backups" USING btree ("finished_at");
