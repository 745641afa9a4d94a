CREATE TABLE "candles" (
	"instrument" text NOT NULL,
	"granularity" text NOT NULL,
	"time_ms" bigint NOT NULL,
	"bid_open" double precision NOT NULL,
	"bid_high" double precision NOT NULL,
	"bid_low" double precision NOT NULL,
	"bid_close" double precision NOT NULL,
	"ask_open" double precision NOT NULL,
	"ask_high" double precision NOT NULL,
	"ask_low" double precision NOT NULL,
	"ask_close" double precision NOT NULL,
	"volume" integer NOT NULL,
	"complete" boolean NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candles_instrument_granularity_time_ms_pk" PRIMARY KEY("instrument","granularity","time_ms")
);
--> statement-breakpoint
CREATE TABLE "position_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"instrument" text NOT NULL,
	"net_units" double precision NOT NULL,
	"average_price_quote" double precision,
	"unrealized_pl" double precision NOT NULL,
	"workflow_id" text,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"instrument" text NOT NULL,
	"strategy" text NOT NULL,
	"params_version" integer,
	"granularity" text NOT NULL,
	"direction" smallint NOT NULL,
	"confidence" double precision NOT NULL,
	"candle_time_ms" bigint,
	"status" text NOT NULL,
	"proposed_units" double precision,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signals_status_check" CHECK ("signals"."status" in ('skipped', 'below_threshold', 'rejected', 'approved'))
);
--> statement-breakpoint
CREATE TABLE "trading_state" (
	"scope" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "trading_state_state_check" CHECK ("trading_state"."state" in ('ACTIVE', 'REDUCING', 'HALTED'))
);
--> statement-breakpoint
CREATE INDEX "position_snapshots_account_taken_idx" ON "position_snapshots" USING btree ("account_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "signals_workflow_instrument_idx" ON "signals" USING btree ("workflow_id","instrument");--> statement-breakpoint
CREATE INDEX "signals_account_created_idx" ON "signals" USING btree ("account_id","created_at");