CREATE INDEX IF NOT EXISTS "requests_village_created" ON "requests" USING btree ("village_id","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "requests_board_order" ON "requests" USING btree ((case when "urgency" = 'urgent' then 0 else 1 end),"ref" DESC);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "outbox_notice_ref" ON "outbox" USING btree ((("payload" -> 'notice') ->> 'ref')) WHERE "via" IS NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "requests_status" ON "requests" USING btree ("status");
