CREATE TABLE "push_nonces" (
	"platform" text NOT NULL,
	"nonce" text NOT NULL,
	"timestamp_sec" bigint NOT NULL,
	"fingerprint" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "push_nonces_platform_nonce_timestamp_sec_pk" PRIMARY KEY("platform","nonce","timestamp_sec")
);
--> statement-breakpoint
CREATE INDEX "push_nonces_expires" ON "push_nonces" USING btree ("expires_at");
