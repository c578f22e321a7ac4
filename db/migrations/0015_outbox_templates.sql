ALTER TABLE "outbox" ADD COLUMN "via" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "platform_msg_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "delivery" text;--> statement-breakpoint
CREATE INDEX "outbox_platform_msg" ON "outbox" USING btree ("channel","platform_msg_id");
