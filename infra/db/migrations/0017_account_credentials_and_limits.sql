-- The registry records, for each account, the environment variable its token comes from (never the token) and its
-- own limits over the deployment's, as BROKER_ACCOUNTS configures them; the worker writes both at start.
ALTER TABLE "accounts" ADD COLUMN "credential" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "limit_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL;
