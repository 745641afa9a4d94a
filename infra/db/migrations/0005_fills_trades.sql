ALTER TABLE "fills" ADD COLUMN "trade_opened_id" text;--> statement-breakpoint
ALTER TABLE "fills" ADD COLUMN "trades_closed" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_strategy_version_idx" ON "orders" USING btree ("strategy","params_version");--> statement-breakpoint
CREATE INDEX "fills_account_filled_idx" ON "fills" USING btree ("account_id","filled_at");