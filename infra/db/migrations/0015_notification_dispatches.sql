-- The audit events the notification dispatcher has handled (infra/notifications/dispatcher.ts).
CREATE TABLE "notification_dispatches" (
	"audit_event_id" bigint PRIMARY KEY NOT NULL,
	"kind" text,
	"sinks" text[] DEFAULT '{}' NOT NULL,
	"dispatched_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "notification_dispatches_dispatched_at_idx" ON "notification_dispatches" USING btree ("dispatched_at");
