CREATE TABLE "deliberation_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"deliberation_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"identity_id" integer,
	"text" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliberation_comments" ADD CONSTRAINT "deliberation_comments_deliberation_id_deliberations_id_fk" FOREIGN KEY ("deliberation_id") REFERENCES "public"."deliberations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_comments" ADD CONSTRAINT "deliberation_comments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_comments" ADD CONSTRAINT "deliberation_comments_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliberation_comments_of" ON "deliberation_comments" USING btree ("deliberation_id","id");
