CREATE TABLE "monthly_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"month" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "reminded_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "say_things_sessions" ADD COLUMN "reminder_before_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "say_things_sessions" ADD COLUMN "reminder_day_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "say_things_sessions" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_reports_village_month" ON "monthly_reports" USING btree ("village_id","month");