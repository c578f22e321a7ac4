-- A household's contact phone, edited on the desk (or given in a roster file); masked for those who do not need it.
ALTER TABLE "households" ADD COLUMN "phone" text;--> statement-breakpoint
-- A household's or member's page shows the changes made to it: the audit log is read by target.
CREATE INDEX "desk_audit_target" ON "desk_audit" USING btree ("target","at");
