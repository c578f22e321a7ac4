ALTER TABLE "villages" ADD COLUMN "say_things_time" text;
