ALTER TABLE "requests" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "long" double precision;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "place_label" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "place_datum" text;--> statement-breakpoint
CREATE TABLE "loose_places" (
	"id" serial PRIMARY KEY NOT NULL,
	"identity_id" integer NOT NULL,
	"lat" double precision NOT NULL,
	"long" double precision NOT NULL,
	"label" text,
	"datum" text NOT NULL,
	"request_ref" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loose_places" ADD CONSTRAINT "loose_places_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loose_places" ADD CONSTRAINT "loose_places_request_ref_requests_ref_fk" FOREIGN KEY ("request_ref") REFERENCES "public"."requests"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loose_places_identity" ON "loose_places" USING btree ("identity_id","created_at");
