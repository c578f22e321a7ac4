CREATE TABLE "platform_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
