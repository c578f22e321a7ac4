ALTER TABLE "outbox" ADD COLUMN "bulk" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_claim" ON "outbox" USING btree ("channel","bulk","id") WHERE "sent_at" IS NULL AND "failed_at" IS NULL;
