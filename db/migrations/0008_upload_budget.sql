CREATE TABLE "web_uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"storage_key" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "web_uploads_owner_key" ON "web_uploads" USING btree ("owner","storage_key");--> statement-breakpoint
CREATE INDEX "web_uploads_created" ON "web_uploads" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "web_uploads_key" ON "web_uploads" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "attachments_storage_key" ON "attachments" USING btree ("storage_key");
