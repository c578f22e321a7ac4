ALTER TABLE "households" ADD COLUMN "care_reason" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "care_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "villages" ADD COLUMN "care_cadence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE TABLE "care_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text NOT NULL,
	"request_ref" integer
);
--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_visits_household" ON "care_visits" USING btree ("household_id","at");--> statement-breakpoint
CREATE TABLE "care_alerts" (
	"household_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"stage" text NOT NULL,
	"member_id" integer,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_alerts_household_id_due_at_stage_pk" PRIMARY KEY("household_id","due_at","stage")
);
--> statement-breakpoint
ALTER TABLE "care_alerts" ADD CONSTRAINT "care_alerts_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "care_pending" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"action" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_pending" ADD CONSTRAINT "care_pending_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;
