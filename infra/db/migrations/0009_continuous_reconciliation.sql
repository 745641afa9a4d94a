CREATE TABLE "reconciliation_mismatches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"instrument" text NOT NULL,
	"trade_id" text DEFAULT '' NOT NULL,
	"broker_units" numeric NOT NULL,
	"book_units" numeric NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"book_adjustment_units" numeric DEFAULT 0 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" text,
	CONSTRAINT "reconciliation_mismatches_kind_check" CHECK ("reconciliation_mismatches"."kind" in ('unexplained_trade', 'units_differ')),
	CONSTRAINT "reconciliation_mismatches_status_check" CHECK ("reconciliation_mismatches"."status" in ('open', 'cleared', 'accepted'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_status" (
	"account_id" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"last_run_duration_ms" integer NOT NULL,
	"through_transaction_id" text,
	"runs" integer NOT NULL,
	"last_orders_checked" integer NOT NULL,
	"orders_settled" integer NOT NULL,
	"fills_recorded" integer NOT NULL,
	"open_mismatches" integer NOT NULL,
	"positions_not_compared" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reconciliation_mismatches" ADD CONSTRAINT "reconciliation_mismatches_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_status" ADD CONSTRAINT "reconciliation_status_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_mismatches_open_idx" ON "reconciliation_mismatches" USING btree ("account_id","kind","instrument","trade_id") WHERE "reconciliation_mismatches"."status" = 'open';--> statement-breakpoint
CREATE INDEX "reconciliation_mismatches_account_status_idx" ON "reconciliation_mismatches" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "orders_unsettled_idx" ON "orders" USING btree ("account_id","updated_at") WHERE "orders"."status" in ('submitting', 'pending');