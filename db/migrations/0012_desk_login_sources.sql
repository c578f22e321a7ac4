ALTER TABLE "desk_login_failures" ADD COLUMN "subject" text;--> statement-breakpoint
CREATE TABLE "desk_login_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "desk_login_failures_subject" ON "desk_login_failures" USING btree ("subject","at");--> statement-breakpoint
CREATE INDEX "desk_login_requests_source" ON "desk_login_requests" USING btree ("source","at");--> statement-breakpoint
CREATE INDEX "desk_login_requests_subject" ON "desk_login_requests" USING btree ("subject","at");--> statement-breakpoint
CREATE INDEX "desk_login_codes_source" ON "desk_login_codes" USING btree ("member_id","source");
