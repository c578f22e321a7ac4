CREATE TABLE "expectations" (
	"id" serial PRIMARY KEY NOT NULL,
	"household_id" integer NOT NULL,
	"kind" text NOT NULL,
	"scope" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "expectations_open" ON "expectations" USING btree ("household_id","closed_at","expires_at");
--> statement-breakpoint
CREATE INDEX "expectations_scope" ON "expectations" USING btree ("kind","scope");
