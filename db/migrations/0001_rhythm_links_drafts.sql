CREATE TABLE "chat_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"group_id" integer NOT NULL,
	"linked_by" integer,
	"linked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"identity_id" integer NOT NULL,
	"text" text NOT NULL,
	"classification" jsonb NOT NULL,
	"missing" text NOT NULL,
	"request_ref" integer,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "request_followers" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_ref" integer NOT NULL,
	"household_id" integer NOT NULL,
	"identity_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "say_things_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"date" text NOT NULL,
	"place" text,
	"agenda_sent_at" timestamp with time zone,
	"held_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "accept_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "resolve_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "rating_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "session_id" integer;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "say_things_place" text;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "reminder_days_before" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "reminder_hour" integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_links" ADD CONSTRAINT "chat_links_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_links" ADD CONSTRAINT "chat_links_linked_by_members_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_followers" ADD CONSTRAINT "request_followers_request_ref_requests_ref_fk" FOREIGN KEY ("request_ref") REFERENCES "public"."requests"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_followers" ADD CONSTRAINT "request_followers_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_followers" ADD CONSTRAINT "request_followers_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "say_things_sessions" ADD CONSTRAINT "say_things_sessions_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_links_platform_chat" ON "chat_links" USING btree ("platform","chat_id");--> statement-breakpoint
CREATE INDEX "drafts_identity_open" ON "drafts" USING btree ("identity_id","closed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_followers_unique" ON "request_followers" USING btree ("request_ref","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "say_things_village_date" ON "say_things_sessions" USING btree ("village_id","date");