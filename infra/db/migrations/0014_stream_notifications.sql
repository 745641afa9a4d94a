-- The api's live stream (GET /api/stream) hears what happens through these channels, one listener per api process,
-- instead of polling for each client. A notification is delivered when its transaction commits, so the stream never
-- shows what was rolled back. Payloads stay far below NOTIFY's 8,000 bytes: an audit event is named by its id (the
-- stream reads the row), orders and fills by their identifying fields.
CREATE FUNCTION notify_audit_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('audit_event', NEW.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_notify AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION notify_audit_event();--> statement-breakpoint
CREATE FUNCTION notify_order_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('order_event', json_build_object(
    'clientOrderId', NEW.client_order_id, 'accountId', NEW.account_id, 'instrument', NEW.instrument, 'units', NEW.units,
    'status', NEW.status, 'source', NEW.source, 'strategy', NEW.strategy, 'paramsVersion', NEW.params_version,
    'rejectReason', NEW.reject_reason, 'workflowId', NEW.workflow_id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_notify AFTER INSERT OR UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION notify_order_event();--> statement-breakpoint
CREATE FUNCTION notify_fill_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fill_event', json_build_object(
    'accountId', NEW.account_id, 'transactionId', NEW.transaction_id, 'clientOrderId', NEW.client_order_id, 'instrument', NEW.instrument,
    'units', NEW.units, 'priceQuote', NEW.price_quote, 'realizedPl', NEW.realized_pl, 'reason', NEW.reason, 'filledAt', NEW.filled_at,
    'source', NEW.source)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fills_notify AFTER INSERT ON fills FOR EACH ROW EXECUTE FUNCTION notify_fill_event();--> statement-breakpoint
CREATE FUNCTION notify_health_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('health_event', json_build_object('component', NEW.component, 'status', NEW.status, 'detail', NEW.detail, 'checkedAt', NEW.checked_at)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER component_health_notify AFTER INSERT ON component_health FOR EACH ROW EXECUTE FUNCTION notify_health_event();
