-- The records of money (orders, fills, audit_events) are never pruned. They move to monthly partitions (by the UTC
-- month of created_at, filled_at and occurred_at) so that an old month can be detached and archived by an explicit,
-- audited operation (the archiveMoneyPartition workflow) instead of the tables growing for ever. Each table also has a
-- default partition, so a row dated in a month that has no partition (a fill read back after a long outage) is still
-- written. The copy below locks the three tables for its length: on a large database, run it in a quiet window.

-- Creates the partition of `parent` for the UTC month holding `in_month`, unless a table of that name exists (an
-- archived month's detached partition keeps its name). NULL when the default partition already holds rows of that
-- month: they stay there, still read through the parent.
CREATE FUNCTION ensure_monthly_partition(parent text, in_month timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  first_day timestamp := date_trunc('month', in_month AT TIME ZONE 'UTC');
  partition_name text := parent || '_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('monthly partition ' || partition_name));
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
      partition_name, parent, first_day AT TIME ZONE 'UTC', (first_day + interval '1 month') AT TIME ZONE 'UTC');
    IF parent = 'audit_events' THEN
      -- A statement trigger on the parent does not fire for a TRUNCATE of one partition: each gets its own.
      EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()', partition_name);
    END IF;
  EXCEPTION
    WHEN duplicate_table OR unique_violation THEN NULL; -- another process created it first
    WHEN check_violation THEN
      RAISE WARNING '% keeps rows of %: its partition is not created', parent || '_default', to_char(first_day, 'YYYY-MM');
      RETURN NULL;
  END;
  RETURN partition_name;
END $$;
--> statement-breakpoint
-- The months around now: every process calls it on start (after migrating) and the retention cycle every hour.
CREATE FUNCTION ensure_money_partitions(months_back integer, months_ahead integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  this_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  parent text;
BEGIN
  FOR offset_months IN -months_back..months_ahead LOOP
    FOREACH parent IN ARRAY ARRAY['orders', 'fills', 'audit_events'] LOOP
      PERFORM ensure_monthly_partition(parent, (this_month + make_interval(months => offset_months)) AT TIME ZONE 'UTC');
    END LOOP;
  END LOOP;
END $$;
--> statement-breakpoint
-- A partitioned table's unique keys must hold its partition key, so the client order id alone cannot be unique in
-- orders: its insert trigger claims the id here first, and writes nothing when the id is already claimed, as
-- ON CONFLICT DO NOTHING did. A retried placement therefore never writes a second row, whichever month it lands in.
CREATE TABLE order_client_ids (
  client_order_id text PRIMARY KEY,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION claim_client_order_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_client_ids (client_order_id, created_at) VALUES (NEW.client_order_id, NEW.created_at) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE FUNCTION refuse_client_order_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.client_order_id IS DISTINCT FROM OLD.client_order_id THEN
    RAISE EXCEPTION 'orders.client_order_id never changes (order %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- Moves a table's rows into a new table of the same name, partitioned by month of `dated_by`, with a default
-- partition, keeping its ids and its id sequence. Each table's indexes and triggers are created after, on the new one.
CREATE FUNCTION partition_by_month(parent text, dated_by text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  old_table text := parent || '_unpartitioned';
  id_sequence text := parent || '_id_seq';
BEGIN
  EXECUTE format('ALTER TABLE %I RENAME TO %I', parent, old_table);
  EXECUTE format('ALTER SEQUENCE %I OWNED BY NONE', id_sequence);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (%I)', parent, old_table, dated_by);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
  EXECUTE format('SELECT ensure_monthly_partition(%L, month) FROM (SELECT DISTINCT date_trunc(''month'', %I AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'' AS month FROM %I) AS months',
    parent, dated_by, old_table);
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', parent, old_table);
  EXECUTE format('DROP TABLE %I', old_table);
  EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.id', id_sequence, parent);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (id, %I)', parent, parent || '_pkey', dated_by);
END $$;
--> statement-breakpoint
SELECT partition_by_month('orders', 'created_at');--> statement-breakpoint
INSERT INTO order_client_ids (client_order_id, created_at) SELECT client_order_id, created_at FROM orders;--> statement-breakpoint
ALTER TABLE orders ADD CONSTRAINT orders_account_id_accounts_id_fk FOREIGN KEY (account_id) REFERENCES accounts(id);--> statement-breakpoint
CREATE INDEX orders_client_order_idx ON orders USING btree (client_order_id);--> statement-breakpoint
CREATE INDEX orders_account_created_idx ON orders USING btree (account_id, created_at);--> statement-breakpoint
CREATE INDEX orders_workflow_idx ON orders USING btree (workflow_id);--> statement-breakpoint
CREATE INDEX orders_strategy_version_idx ON orders USING btree (strategy, params_version);--> statement-breakpoint
CREATE INDEX orders_unsettled_idx ON orders USING btree (account_id, updated_at) WHERE status in ('submitting', 'pending');--> statement-breakpoint
CREATE TRIGGER orders_claim_client_order_id BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION claim_client_order_id();--> statement-breakpoint
CREATE TRIGGER orders_client_order_id_fixed BEFORE UPDATE OF client_order_id ON orders FOR EACH ROW EXECUTE FUNCTION refuse_client_order_id_change();--> statement-breakpoint
CREATE TRIGGER orders_count_status AFTER INSERT OR UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION count_order_status();--> statement-breakpoint
SELECT partition_by_month('fills', 'filled_at');--> statement-breakpoint
CREATE UNIQUE INDEX fills_account_transaction_idx ON fills USING btree (account_id, transaction_id, filled_at);--> statement-breakpoint
CREATE INDEX fills_client_order_idx ON fills USING btree (client_order_id);--> statement-breakpoint
CREATE INDEX fills_account_filled_idx ON fills USING btree (account_id, filled_at);--> statement-breakpoint
CREATE TRIGGER fills_count AFTER INSERT ON fills FOR EACH ROW EXECUTE FUNCTION count_fill();--> statement-breakpoint
-- A fill is unique by (account, transaction, filled_at) because filled_at is the broker's time of the transaction,
-- the same for every writer. A writer that dated it otherwise would write the fill twice: refuse it loudly instead.
CREATE FUNCTION refuse_fill_redated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM fills WHERE account_id = NEW.account_id AND transaction_id = NEW.transaction_id AND filled_at <> NEW.filled_at) THEN
    RAISE EXCEPTION 'fill % of account % is recorded already with another filled_at than %', NEW.transaction_id, NEW.account_id, NEW.filled_at
      USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER fills_one_time_per_transaction BEFORE INSERT ON fills FOR EACH ROW EXECUTE FUNCTION refuse_fill_redated();--> statement-breakpoint
SELECT partition_by_month('audit_events', 'occurred_at');--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events_default FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE INDEX audit_events_occurred_at_idx ON audit_events USING btree (occurred_at);--> statement-breakpoint
CREATE INDEX audit_events_subject_idx ON audit_events USING btree (subject_type, subject_id);--> statement-breakpoint
CREATE INDEX audit_events_workflow_idx ON audit_events USING btree (workflow_id);--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_count_breaker_trips AFTER INSERT ON audit_events FOR EACH ROW
  WHEN (NEW.action = 'circuit_breaker.tripped') EXECUTE FUNCTION count_breaker_trip();--> statement-breakpoint
DROP FUNCTION partition_by_month(text, text);--> statement-breakpoint
SELECT ensure_money_partitions(1, 3);
