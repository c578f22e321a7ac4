CREATE TABLE "desk_audit" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"session_id" integer,
	"member_id" integer,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "desk_login_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "desk_login_failures" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer,
	"source" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "desk_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"member_id" integer,
	"admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"inbound_id" integer NOT NULL,
	"position" integer NOT NULL,
	"request_ref" integer,
	"platform" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"platform_id" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text,
	"size" integer,
	"duration_sec" integer,
	"file_name" text,
	"storage_key" text,
	"state" text NOT NULL,
	"refusal" text,
	"transcript" text,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deliberation_evaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"deliberation_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"rating" text NOT NULL,
	"identity_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberation_stages" (
	"id" serial PRIMARY KEY NOT NULL,
	"deliberation_id" integer NOT NULL,
	"move" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" integer,
	"notes" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberation_votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"deliberation_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"option" integer NOT NULL,
	"channel" text NOT NULL,
	"identity_id" integer,
	"recorded_by" integer,
	"first_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberations" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"options" text[] NOT NULL,
	"electorate" text NOT NULL,
	"representatives" integer[],
	"status" text NOT NULL,
	"result" text,
	"quorum" jsonb,
	"source_ref" integer,
	"created_by" integer,
	"closes_at" timestamp with time zone NOT NULL,
	"electorate_size" integer,
	"final_counts" integer[],
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer NOT NULL,
	"platform" text NOT NULL,
	"address" text NOT NULL,
	"kind" text NOT NULL,
	"group_id" integer,
	"household_id" integer,
	"queued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_reads" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer NOT NULL,
	"identity_id" integer NOT NULL,
	"household_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"category" text NOT NULL,
	"group_ids" integer[] NOT NULL,
	"to_residents" boolean NOT NULL,
	"deliberation_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_tally_rules" (
	"village_id" integer PRIMARY KEY NOT NULL,
	"turnout" double precision NOT NULL,
	"majority" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_robots" (
	"group_id" integer PRIMARY KEY NOT NULL,
	"sealed_key" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_agreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"text" text NOT NULL,
	"proposed_by" integer NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"effective_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_ref" integer NOT NULL,
	"village_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"case_no" text NOT NULL,
	"status" text NOT NULL,
	"dispute_type" text NOT NULL,
	"source" text NOT NULL,
	"facts" text NOT NULL,
	"opened_by" integer NOT NULL,
	"presiding_id" integer,
	"assistant_ids" integer[] DEFAULT '{}' NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"agreed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"fail_reason" text,
	"referral" text,
	"return_visit_due_at" timestamp with time zone,
	"followed_up_at" timestamp with time zone,
	"overdue_reminded_at" timestamp with time zone,
	"confirmation_reminded_at" timestamp with time zone,
	"return_visit_reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mediation_confirmations" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"party_id" integer NOT NULL,
	"identity_id" integer NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" integer,
	"text" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"role" text NOT NULL,
	"household_id" integer,
	"name" text NOT NULL,
	"address" text,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "binding_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"household_id" integer,
	"member_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	CONSTRAINT "binding_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "quiet_from" integer DEFAULT 21 NOT NULL;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "quiet_until" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_inbound_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_request_ref_requests_ref_fk" FOREIGN KEY ("request_ref") REFERENCES "public"."requests"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_evaluations" ADD CONSTRAINT "deliberation_evaluations_deliberation_id_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_evaluations" ADD CONSTRAINT "deliberation_evaluations_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_evaluations" ADD CONSTRAINT "deliberation_evaluations_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_stages" ADD CONSTRAINT "deliberation_stages_deliberation_id_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_votes" ADD CONSTRAINT "deliberation_votes_deliberation_id_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_votes" ADD CONSTRAINT "deliberation_votes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_votes" ADD CONSTRAINT "deliberation_votes_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_votes" ADD CONSTRAINT "deliberation_votes_recorded_by_members_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberations" ADD CONSTRAINT "deliberations_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_deliveries" ADD CONSTRAINT "notice_deliveries_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_deliberation_id_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_tally_rules" ADD CONSTRAINT "village_tally_rules_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_confirmations" ADD CONSTRAINT "mediation_confirmations_agreement_id_mediation_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."mediation_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_confirmations" ADD CONSTRAINT "mediation_confirmations_party_id_mediation_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."mediation_parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_events" ADD CONSTRAINT "mediation_events_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "binding_tokens" ADD CONSTRAINT "binding_tokens_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "binding_tokens" ADD CONSTRAINT "binding_tokens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "desk_audit_at" ON "desk_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "desk_login_codes_member" ON "desk_login_codes" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "desk_login_failures_member" ON "desk_login_failures" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "desk_login_failures_source" ON "desk_login_failures" USING btree ("source","at");--> statement-breakpoint
CREATE UNIQUE INDEX "desk_sessions_token" ON "desk_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_inbound_position" ON "attachments" USING btree ("inbound_id","position");--> statement-breakpoint
CREATE INDEX "attachments_request" ON "attachments" USING btree ("request_ref");--> statement-breakpoint
CREATE INDEX "attachments_loose" ON "attachments" USING btree ("platform","platform_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deliberation_evaluations_household" ON "deliberation_evaluations" USING btree ("deliberation_id","household_id");--> statement-breakpoint
CREATE INDEX "deliberation_stages_of" ON "deliberation_stages" USING btree ("deliberation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "deliberation_votes_household" ON "deliberation_votes" USING btree ("deliberation_id","household_id");--> statement-breakpoint
CREATE INDEX "deliberations_village" ON "deliberations" USING btree ("village_id","id");--> statement-breakpoint
CREATE INDEX "deliberations_closing" ON "deliberations" USING btree ("status","closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_deliveries_unique" ON "notice_deliveries" USING btree ("notice_id","platform","address");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_reads_unique" ON "notice_reads" USING btree ("notice_id","identity_id");--> statement-breakpoint
CREATE INDEX "notices_village" ON "notices" USING btree ("village_id","id");--> statement-breakpoint
CREATE INDEX "mediation_agreements_case" ON "mediation_agreements" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_request" ON "mediation_cases" USING btree ("request_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_number" ON "mediation_cases" USING btree ("village_id","year","seq");--> statement-breakpoint
CREATE INDEX "mediation_cases_status" ON "mediation_cases" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_confirmations_party" ON "mediation_confirmations" USING btree ("agreement_id","party_id");--> statement-breakpoint
CREATE INDEX "mediation_events_case" ON "mediation_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_parties_household" ON "mediation_parties" USING btree ("case_id","household_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_case" ON "mediation_parties" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "binding_tokens_household" ON "binding_tokens" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "binding_tokens_member" ON "binding_tokens" USING btree ("member_id");