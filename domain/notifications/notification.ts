/** What an operator is told about, pushed to webhook sinks (infra/notifications); each sink subscribes to some kinds. */
export const NOTIFICATION_KINDS = [
  'breaker_tripped',
  'emergency_stop_started',
  'emergency_stop_finished',
  'trading_halted',
  'trading_resumed',
  'approval_needed',
  'strategy_promoted',
  'strategy_rolled_back',
  'component_unhealthy',
  'reconciliation_failing',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The audit event a notification is made from (the columns read here). */
export interface AuditedEvent {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  reason: string | null;
  subjectType: string | null;
  subjectId: string | null;
  workflowId: string | null;
  runId: string | null;
  details: Record<string, unknown> | null;
}

export interface Notification {
  /** Stable per audit event: a receiver that sees it twice (a retry whose answer was lost) drops the second. */
  id: string;
  kind: NotificationKind;
  occurredAt: string;
  title: string;
  text: string;
  subject: string | null;
  actor: string;
  workflowId: string | null;
  webUiUrl: string | null;
  details: Record<string, unknown>;
}

/** The overall health last seen, so a check that stays unhealthy is told once, not every minute. */
export interface NotificationMemory {
  lastOverallHealth?: string;
}

type Classified = { kind: NotificationKind; title: string } | undefined;
type Classifier = (details: Record<string, unknown>, subject: string, memory: NotificationMemory) => Classified;

const retired = (details: Record<string, unknown>) => (details.retiredVersion ? ` (v${String(details.retiredVersion)} retired)` : '');
const strategyActivated: Classifier = (details) => ({ kind: 'strategy_promoted', title: `Strategy ${String(details.strategy)} v${String(details.version)} active${retired(details)}` });

/** For each audit action that can call for a notification, which one (if any) this event calls for. */
const CLASSIFIERS: Readonly<Record<string, Classifier>> = {
  'circuit_breaker.tripped': (details, subject) => (details.breaker === 'reconciliation'
    ? { kind: 'reconciliation_failing', title: `Reconciliation failing on ${subject}` }
    : { kind: 'breaker_tripped', title: `Breaker ${String(details.breaker)} tripped on ${subject}: trading ${String(details.tradingState)}` }),
  'emergency_stop.halted': (_details, subject) => ({ kind: 'emergency_stop_started', title: `Emergency stop started on ${subject}` }),
  'emergency_stop.completed': (_details, subject) => ({ kind: 'emergency_stop_finished', title: `Emergency stop finished on ${subject}` }),
  'circuit_breaker.override_set': (details, subject) => (details.tradingState === 'HALTED' ? { kind: 'trading_halted', title: `Trading halted on ${subject}` } : undefined),
  'circuit_breaker.override_cleared': (details, subject) => (details.tradingState === 'ACTIVE' ? { kind: 'trading_resumed', title: `Trading resumed on ${subject}` } : undefined),
  'portfolio_rebalance.approval_requested': (_details, subject) => ({ kind: 'approval_needed', title: `A rebalance of ${subject} waits for approval` }),
  'strategy.promote': strategyActivated,
  'strategy.activate': strategyActivated,
  'strategy.rollback': (details) => ({ kind: 'strategy_rolled_back', title: `Strategy ${String(details.strategy)} rolled back to v${String(details.version)}${retired(details)}` }),
  'health_check.recorded': (details, _subject, memory) => {
    const overall = String(details.overall ?? '');
    const wasUnhealthy = memory.lastOverallHealth !== undefined && memory.lastOverallHealth !== 'healthy';
    memory.lastOverallHealth = overall;
    return overall !== 'healthy' && !wasUnhealthy ? { kind: 'component_unhealthy', title: `System ${overall}: ${unhealthyComponents(details)}` } : undefined;
  },
};

/** The audit actions worth reading for notifications: every other action calls for none. */
export const NOTIFYING_ACTIONS: readonly string[] = Object.keys(CLASSIFIERS);

function unhealthyComponents(details: Record<string, unknown>): string {
  const components = Array.isArray(details.components) ? details.components as Array<{ component?: string; status?: string }> : [];
  return components.filter((component) => component.status !== 'healthy').map((component) => `${component.component} ${component.status}`).join(', ') || 'see the health check';
}

/**
 * The notification an audit event calls for, if any. `memory` carries what the previous events said of health; it is
 * updated in place.
 */
export function notificationOf(event: AuditedEvent, memory: NotificationMemory, webUiUrl: string | null): Notification | undefined {
  const classified = CLASSIFIERS[event.action]?.(event.details ?? {}, event.subjectId ?? 'system', memory);
  if (!classified) return undefined;
  return {
    id: `audit-${event.id}`,
    kind: classified.kind,
    occurredAt: event.occurredAt,
    title: classified.title,
    text: event.reason ?? classified.title,
    subject: event.subjectId,
    actor: event.actor,
    workflowId: event.workflowId,
    webUiUrl,
    details: event.details ?? {},
  };
}

/** The same notification as the text of a Slack incoming webhook (mrkdwn). */
export function slackText(notification: Notification): string {
  const link = notification.webUiUrl ? ` <${notification.webUiUrl}|Web UI>` : '';
  return `*${notification.title}*\n${notification.text} — ${notification.actor}, ${notification.occurredAt}${link}`;
}
