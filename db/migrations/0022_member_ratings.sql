CREATE TABLE "member_request_ratings" (
	"request_ref" integer PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"rating" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_request_ratings_member" ON "member_request_ratings" USING btree ("village_id","member_id","at");--> statement-breakpoint
CREATE TABLE "rating_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"opened_by" integer,
	"opened_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "rating_rounds_quarter" ON "rating_rounds" USING btree ("village_id","quarter");--> statement-breakpoint
CREATE TABLE "rating_round_ballots" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"rating" text NOT NULL,
	"identity_id" integer,
	"first_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rating_round_ballots" ADD CONSTRAINT "rating_round_ballots_round_id_rating_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_round_ballots_household" ON "rating_round_ballots" USING btree ("round_id","member_id","household_id");--> statement-breakpoint
CREATE TABLE "point_rules" (
	"village_id" integer NOT NULL,
	"rule" text NOT NULL,
	"points" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "point_rules_village_rule" ON "point_rules" USING btree ("village_id","rule");--> statement-breakpoint
CREATE TABLE "member_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"rule" text NOT NULL,
	"points" integer NOT NULL,
	"source" text NOT NULL,
	"request_ref" integer,
	"event_id" integer,
	"case_id" integer,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "member_points_source" ON "member_points" USING btree ("rule","source");--> statement-breakpoint
CREATE INDEX "member_points_member" ON "member_points" USING btree ("village_id","member_id","at");--> statement-breakpoint
CREATE TABLE "star_publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"notice_id" integer NOT NULL,
	"approved_by" integer,
	"stars" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "star_publications_quarter" ON "star_publications" USING btree ("village_id","quarter");
