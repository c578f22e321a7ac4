ALTER TABLE "villages" ADD COLUMN "care_checkin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "care_visits" ALTER COLUMN "member_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "care_visits" ADD COLUMN "checkin" boolean DEFAULT false NOT NULL;
