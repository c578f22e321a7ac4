CREATE TABLE "bind_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"leader_id" integer,
	"deputy_id" integer
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	"code" text NOT NULL,
	"head" text NOT NULL,
	"address" text,
	"bind_code" text NOT NULL,
	CONSTRAINT "households_bind_code_unique" UNIQUE("bind_code")
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"address" text NOT NULL,
	"display_name" text,
	"language" text DEFAULT 'zh' NOT NULL,
	"resident_id" integer,
	"member_id" integer,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"platform_message_id" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"bind_code" text NOT NULL,
	"away" boolean DEFAULT false NOT NULL,
	CONSTRAINT "members_bind_code_unique" UNIQUE("bind_code")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_ref" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"ref" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "requests_ref_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1001 CACHE 1),
	"village_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"resident_id" integer NOT NULL,
	"origin_identity_id" integer NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"text" text NOT NULL,
	"urgency" text NOT NULL,
	"status" text NOT NULL,
	"assignee_id" integer,
	"classifier" text,
	"prompt_version" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"resolution" text,
	"rating" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "residents" (
	"id" serial PRIMARY KEY NOT NULL,
	"household_id" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"town" text,
	"county" text,
	"say_things_day" integer DEFAULT 10 NOT NULL,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "villages_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_leader_id_members_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_deputy_id_members_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identities" ADD CONSTRAINT "identities_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identities" ADD CONSTRAINT "identities_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_ref_requests_ref_fk" FOREIGN KEY ("request_ref") REFERENCES "public"."requests"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_origin_identity_id_identities_id_fk" FOREIGN KEY ("origin_identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_assignee_id_members_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents" ADD CONSTRAINT "residents_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bind_attempts_user" ON "bind_attempts" USING btree ("platform","platform_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_village_code" ON "groups" USING btree ("village_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "households_village_code" ON "households" USING btree ("village_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_platform_user" ON "identities" USING btree ("platform","platform_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_platform_message" ON "inbound_messages" USING btree ("platform","platform_message_id");--> statement-breakpoint
CREATE INDEX "inbound_pending" ON "inbound_messages" USING btree ("processed_at","id");--> statement-breakpoint
CREATE INDEX "inbound_user" ON "inbound_messages" USING btree ("platform","platform_user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_village_code" ON "members" USING btree ("village_id","code");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("sent_at","failed_at","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_recipient" ON "outbox" USING btree ("channel","recipient","id");--> statement-breakpoint
CREATE INDEX "request_events_ref" ON "request_events" USING btree ("request_ref","id");--> statement-breakpoint
CREATE INDEX "requests_village_status" ON "requests" USING btree ("village_id","status");--> statement-breakpoint
CREATE INDEX "requests_household" ON "requests" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "requests_assignee" ON "requests" USING btree ("assignee_id");