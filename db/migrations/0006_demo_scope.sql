ALTER TABLE "villages" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE "villages" SET "is_demo" = true WHERE "code" = 'xiaoyingdian' AND EXISTS (
	SELECT 1 FROM "members" m WHERE m."village_id" = "villages"."id" AND (m."code", m."bind_code") IN (
		('s-01', '700001'), ('md-01', '700101'), ('md-02', '700102'), ('md-03', '700103'), ('t-01', '700901'),
		('l-01', '700301'), ('l-02', '700302'), ('l-03', '700303'), ('d-03', '700403')
	)
);
