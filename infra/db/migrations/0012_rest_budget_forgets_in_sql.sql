-- admit_rest_call now also forgets its key's windows older than a minute, by the same clock and under the same lock,
-- so no process has to clean up by its own clock. Keys are accounts (reads, placements) or hosts (new connections).
CREATE OR REPLACE FUNCTION admit_rest_call(p_account_id text, p_kind text, p_call_limit integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint;
  recent bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('broker_rest_calls ' || p_account_id || ' ' || p_kind));
  now_ms := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  DELETE FROM broker_rest_calls
    WHERE account_id = p_account_id AND kind = p_kind AND window_start_ms < now_ms - 60000;
  SELECT coalesce(sum(calls), 0) INTO recent FROM broker_rest_calls
    WHERE account_id = p_account_id AND kind = p_kind AND window_start_ms + 100 > now_ms - 1000;
  IF recent >= p_call_limit THEN
    RETURN false;
  END IF;
  INSERT INTO broker_rest_calls AS counted (account_id, kind, window_start_ms, calls)
    VALUES (p_account_id, p_kind, now_ms - now_ms % 100, 1)
    ON CONFLICT (account_id, kind, window_start_ms) DO UPDATE SET calls = counted.calls + 1;
  RETURN true;
END $$;
