-- Unlogged: counts of the last second, worth no WAL write per broker call; a crash empties it, which only
-- forgives the calls of that second.
CREATE UNLOGGED TABLE "broker_rest_calls" (
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"window_start_ms" bigint NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "broker_rest_calls_account_id_kind_window_start_ms_pk" PRIMARY KEY("account_id","kind","window_start_ms")
);
--> statement-breakpoint
-- Admits one call when fewer than p_call_limit were admitted in the last second, counting it in its tenth of a
-- second; false otherwise (nothing counted). A tenth is counted until it has wholly left that second, so no span of
-- one second ever holds more than the limit. The time is the database's, read under the lock: every process shares
-- one clock, and a caller that waited for the lock is counted when it is admitted, not when it asked.
CREATE FUNCTION admit_rest_call(p_account_id text, p_kind text, p_call_limit integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint;
  recent bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('broker_rest_calls ' || p_account_id || ' ' || p_kind));
  now_ms := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
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
