CREATE TABLE "fills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"client_order_id" text,
	"broker_order_id" text,
	"instrument" text NOT NULL,
	"units" numeric NOT NULL,
	"price_quote" numeric NOT NULL,
	"realized_pl" numeric,
	"reason" text,
	"filled_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hot_path_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"instrument" text NOT NULL,
	"bar_time" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"direction" smallint,
	"confidence" double precision,
	"strategy" text,
	"params_version" integer,
	"client_order_id" text,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_latency_ns" integer,
	CONSTRAINT "hot_path_decisions_outcome_check" CHECK ("hot_path_decisions"."outcome" in ('hold', 'order', 'rejected', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "backtest_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"purpose" text NOT NULL,
	"trial_key" text NOT NULL,
	"strategy" text NOT NULL,
	"params" jsonb NOT NULL,
	"instruments" jsonb NOT NULL,
	"granularity" text NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"objective" text NOT NULL,
	"score" double precision,
	"feasible" boolean NOT NULL,
	"trades" integer,
	"max_drawdown" double precision,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"violations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backtest_runs_purpose_check" CHECK ("backtest_runs"."purpose" in ('optimization', 'evolution', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "evolution_generations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"strategy" text NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text,
	"active_version_before" integer,
	"active_version_after" integer,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"regime" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hypotheses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evolution_generations_decision_check" CHECK ("evolution_generations"."decision" in ('promote', 'keep', 'rollback'))
);
--> statement-breakpoint
CREATE TABLE "circuit_breakers" (
	"scope" text PRIMARY KEY NOT NULL,
	"board" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"nav_usd" double precision NOT NULL,
	"gross_exposure_usd" double precision NOT NULL,
	"net_exposure_usd" double precision NOT NULL,
	"largest_concentration" double precision NOT NULL,
	"var95_usd" double precision,
	"var99_usd" double precision,
	"es95_usd" double precision,
	"es99_usd" double precision,
	"daily_pnl_usd" double precision NOT NULL,
	"drawdown" double precision NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"workflow_id" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "fills_account_transaction_idx" ON "fills" USING btree ("account_id","transaction_id");--> statement-breakpoint
CREATE INDEX "fills_client_order_idx" ON "fills" USING btree ("client_order_id");--> statement-breakpoint
CREATE INDEX "hot_path_decisions_account_time_idx" ON "hot_path_decisions" USING btree ("account_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "backtest_runs_run_trial_idx" ON "backtest_runs" USING btree ("run_id","trial_key");--> statement-breakpoint
CREATE INDEX "backtest_runs_strategy_created_idx" ON "backtest_runs" USING btree ("strategy","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evolution_generations_workflow_idx" ON "evolution_generations" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "evolution_generations_strategy_idx" ON "evolution_generations" USING btree ("strategy","finished_at");--> statement-breakpoint
CREATE INDEX "risk_snapshots_account_taken_idx" ON "risk_snapshots" USING btree ("account_id","taken_at" DESC NULLS LAST);