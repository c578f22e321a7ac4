CREATE TABLE "binding_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"identity_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decision" text,
	"decided_by" text
);
--> statement-breakpoint
ALTER TABLE "bind_attempts" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "bound_with_code" text;--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "binding_requests" ADD CONSTRAINT "binding_requests_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "binding_requests" ADD CONSTRAINT "binding_requests_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "binding_requests_member_open" ON "binding_requests" USING btree ("member_id","decided_at");--> statement-breakpoint
CREATE INDEX "bind_attempts_source" ON "bind_attempts" USING btree ("source","at");--> statement-breakpoint
CREATE INDEX "bind_attempts_at" ON "bind_attempts" USING btree ("at");--> statement-breakpoint
-- Accounts bound before confirmation existed keep receiving their task cards.
UPDATE "identities" SET "confirmed_at" = "bound_at" WHERE "member_id" IS NOT NULL;