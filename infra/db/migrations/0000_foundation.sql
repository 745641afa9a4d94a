CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"venue" text NOT NULL,
	"alias" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"opening_balance" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_venue_check" CHECK ("accounts"."venue" in ('sim', 'practice', 'live'))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"subject_type" text,
	"subject_id" text,
	"workflow_id" text,
	"run_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "component_health" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"component" text NOT NULL,
	"status" text NOT NULL,
	"latency_ms" double precision NOT NULL,
	"detail" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"workflow_id" text,
	"run_id" text,
	CONSTRAINT "component_health_status_check" CHECK ("component_health"."status" in ('healthy', 'degraded', 'unhealthy'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_order_id" text NOT NULL,
	"account_id" text NOT NULL,
	"instrument" text NOT NULL,
	"units" numeric NOT NULL,
	"type" text NOT NULL,
	"limit_price" numeric,
	"stop_loss_price" numeric,
	"take_profit_price" numeric,
	"status" text NOT NULL,
	"broker_order_id" text,
	"filled_units" numeric,
	"fill_price" numeric,
	"reject_reason" text,
	"source" text NOT NULL,
	"strategy" text,
	"params_version" integer,
	"workflow_id" text,
	"run_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_client_order_id_unique" UNIQUE("client_order_id"),
	CONSTRAINT "orders_units_nonzero_check" CHECK ("orders"."units" <> 0),
	CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('submitting', 'pending', 'filled', 'cancelled', 'rejected')),
	CONSTRAINT "orders_source_check" CHECK ("orders"."source" in ('workflow', 'hot_path', 'api'))
);
--> statement-breakpoint
CREATE TABLE "strategy_params" (
	"id" serial PRIMARY KEY NOT NULL,
	"strategy" text NOT NULL,
	"version" integer NOT NULL,
	"params" jsonb NOT NULL,
	"status" text DEFAULT 'candidate' NOT NULL,
	"metrics" jsonb,
	"created_by" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	CONSTRAINT "strategy_params_status_check" CHECK ("strategy_params"."status" in ('candidate', 'active', 'retired')),
	CONSTRAINT "strategy_params_version_positive_check" CHECK ("strategy_params"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_events_workflow_idx" ON "audit_events" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "component_health_latest_idx" ON "component_health" USING btree ("component","checked_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_account_created_idx" ON "orders" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_workflow_idx" ON "orders" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_params_strategy_version_idx" ON "strategy_params" USING btree ("strategy","version");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_params_one_active_idx" ON "strategy_params" USING btree ("strategy") WHERE "strategy_params"."status" = 'active';