-- A web chat account opened inside WeChat took the binding of the person's Official Account identity: which one,
-- so its page also shows what was said on the Official Account.
ALTER TABLE "identities" ADD COLUMN "adopted_from" integer;
--> statement-breakpoint
-- One-time subscriptions (订阅通知) a person accepted on a WeChat page: each allows one subscribe/bizsend.
CREATE TABLE "mp_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"template_id" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "mp_subscriptions_open" ON "mp_subscriptions" USING btree ("platform","user_id","template_id") WHERE "used_at" IS NULL;
