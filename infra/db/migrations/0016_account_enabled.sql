-- An account can be disabled by an admin (POST /api/accounts/{id}/disable): it is HALTED for both paths until enabled.
ALTER TABLE "accounts" ADD COLUMN "enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- The hot path and the api's stream hear it as they hear any trading state: HALTED on disable, ACTIVE on enable
-- (a listener then re-reads the effective state, which other restrictions may still hold).
CREATE FUNCTION notify_account_enabled_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('trading_state_changed', json_build_object('scope', NEW.id, 'state', CASE WHEN NEW.enabled THEN 'ACTIVE' ELSE 'HALTED' END)::text);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER accounts_enabled_changed AFTER UPDATE OF enabled ON accounts
  FOR EACH ROW WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled) EXECUTE FUNCTION notify_account_enabled_changed();
