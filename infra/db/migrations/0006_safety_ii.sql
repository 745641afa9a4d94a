CREATE TABLE "hot_path_status" (
	"process_key" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"status" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trading_day_marks" (
	"account_id" text NOT NULL,
	"day_start" timestamp with time zone NOT NULL,
	"lifetime_realized_pl_usd" double precision NOT NULL,
	"realized_before_mark_usd" double precision NOT NULL,
	"unrealized_pl_usd" double precision NOT NULL,
	"nav_usd" double precision NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trading_day_marks_account_id_day_start_pk" PRIMARY KEY("account_id","day_start")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"route" text NOT NULL,
	"workflow_id" text NOT NULL,
	"run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_source_check";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_known_transaction_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_source_check" CHECK ("orders"."source" in ('workflow', 'hot_path', 'api', 'emergency_stop'));