-- The hot path reacts within a second to a newly active strategy version and to a halt, without polling hard:
-- it LISTENs on these channels (and polls slowly as a fallback). The payload names what changed.
CREATE FUNCTION notify_strategy_params_activated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'active') THEN
    PERFORM pg_notify('strategy_params_activated', json_build_object('strategy', NEW.strategy, 'version', NEW.version)::text);
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER strategy_params_activated
  AFTER INSERT OR UPDATE OF status ON strategy_params
  FOR EACH ROW EXECUTE FUNCTION notify_strategy_params_activated();
--> statement-breakpoint
CREATE FUNCTION notify_trading_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('trading_state_changed', json_build_object('scope', NEW.scope, 'state', NEW.state)::text);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER trading_state_changed
  AFTER INSERT OR UPDATE ON trading_state
  FOR EACH ROW EXECUTE FUNCTION notify_trading_state_changed();
