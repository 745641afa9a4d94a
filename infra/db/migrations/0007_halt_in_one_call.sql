-- A halt must not wait on round trips: the api's stop and emergency stop (and the stop workflow) write it with one
-- call. Under the board's advisory lock (as every board change takes it), it appends the request's audit events and,
-- unless the board's manual override already halts the scope, sets the HALTED override, sets trading_state (whose
-- trigger NOTIFYs the hot path) and appends the override's audit event, atomically. The override and the audit rows
-- are built by the caller from the domain's transition; this only stores them. Returns whether the halt was new.
CREATE FUNCTION halt_trading_scope(p_scope text, p_override jsonb, p_actor text, p_reason text, p_request_audit jsonb, p_event_audit jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('circuit-breakers:' || p_scope));
  INSERT INTO audit_events (actor, action, reason, subject_type, subject_id, workflow_id, run_id, details)
    SELECT e.actor, e.action, e.reason, e.subject_type, e.subject_id, e.workflow_id, e.run_id, coalesce(e.details, '{}'::jsonb)
    FROM jsonb_to_recordset(p_request_audit) AS e(actor text, action text, reason text, subject_type text, subject_id text, workflow_id text, run_id text, details jsonb);
  IF EXISTS (SELECT 1 FROM circuit_breakers WHERE scope = p_scope AND board -> 'manualOverride' ->> 'state' = 'HALTED') THEN
    RETURN false;
  END IF;
  INSERT INTO circuit_breakers (scope, board, updated_by)
    VALUES (p_scope, jsonb_build_object('breakers', '{}'::jsonb, 'manualOverride', p_override), p_actor)
    ON CONFLICT (scope) DO UPDATE SET board = jsonb_set(circuit_breakers.board, '{manualOverride}', p_override), updated_by = p_actor, updated_at = now();
  INSERT INTO trading_state (scope, state, updated_by, reason)
    VALUES (p_scope, 'HALTED', p_actor, p_reason)
    ON CONFLICT (scope) DO UPDATE SET state = 'HALTED', updated_by = p_actor, reason = p_reason, updated_at = now();
  INSERT INTO audit_events (actor, action, reason, subject_type, subject_id, workflow_id, run_id, details)
    SELECT e.actor, e.action, e.reason, e.subject_type, e.subject_id, e.workflow_id, e.run_id, coalesce(e.details, '{}'::jsonb)
    FROM jsonb_to_recordset(p_event_audit) AS e(actor text, action text, reason text, subject_type text, subject_id text, workflow_id text, run_id text, details jsonb);
  RETURN true;
END;
$$;
