-- A web chat account opened inside WeChat took the binding of the person's Official Account identity: which one,
-- so its page also shows what was said on the Official Account.
ALTER TABLE "identities" ADD COLUMN "adopted_from" integer;
