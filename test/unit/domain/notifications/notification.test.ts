import { NOTIFYING_ACTIONS, notificationOf, slackText, type AuditedEvent, type NotificationMemory } from '../../../../domain/notifications/notification';

const event = (action: string, details: Record<string, unknown> = {}, overrides: Partial<AuditedEvent> = {}): AuditedEvent => ({
  id: 7, occurredAt: '2026-12-03T10:00:00.000Z', actor: 'ops', action, reason: 'why', subjectType: 'trading_scope', subjectId: '101-001-0000001-001',
  workflowId: null, runId: null, details, ...overrides,
});
const kindOf = (audit: AuditedEvent, memory: NotificationMemory = {}) => notificationOf(audit, memory, null)?.kind;

describe('notifications from audit events', () => {
  it('names each kind an operator is told about', () => {
    expect(kindOf(event('circuit_breaker.tripped', { breaker: 'daily_loss', tradingState: 'HALTED' }))).toBe('breaker_tripped');
    expect(kindOf(event('circuit_breaker.tripped', { breaker: 'reconciliation', tradingState: 'REDUCING' }))).toBe('reconciliation_failing');
    expect(kindOf(event('emergency_stop.halted'))).toBe('emergency_stop_started');
    expect(kindOf(event('emergency_stop.completed'))).toBe('emergency_stop_finished');
    expect(kindOf(event('circuit_breaker.override_set', { tradingState: 'HALTED' }))).toBe('trading_halted');
    expect(kindOf(event('circuit_breaker.override_cleared', { tradingState: 'ACTIVE' }))).toBe('trading_resumed');
    expect(kindOf(event('portfolio_rebalance.approval_requested'))).toBe('approval_needed');
    expect(kindOf(event('strategy.promote', { strategy: 'ma-crossover', version: 3 }))).toBe('strategy_promoted');
    expect(kindOf(event('strategy.activate', { strategy: 'ma-crossover', version: 3 }))).toBe('strategy_promoted');
    expect(kindOf(event('strategy.rollback', { strategy: 'ma-crossover', version: 2 }))).toBe('strategy_rolled_back');
  });

  it('tells nothing of reduce-only, a resume that leaves trading restricted, or an action it does not watch', () => {
    expect(kindOf(event('circuit_breaker.override_set', { tradingState: 'REDUCING' }))).toBeUndefined();
    expect(kindOf(event('circuit_breaker.override_cleared', { tradingState: 'REDUCING' }))).toBeUndefined();
    expect(kindOf(event('analysis_to_trade.completed'))).toBeUndefined();
    expect(NOTIFYING_ACTIONS).not.toContain('analysis_to_trade.completed');
  });

  it('tells of an unhealthy system once, and again only after it was healthy in between', () => {
    const memory: NotificationMemory = {};
    const check = (overall: string) => kindOf(event('health_check.recorded', { overall, components: [{ component: 'broker', status: overall === 'healthy' ? 'healthy' : 'unhealthy' }] }), memory);
    expect([check('healthy'), check('unhealthy'), check('unhealthy'), check('healthy'), check('degraded')])
      .toEqual([undefined, 'component_unhealthy', undefined, undefined, 'component_unhealthy']);
  });

  it('keeps the audit event\'s id, reason, actor and run link, and gives Slack the same in one line of mrkdwn', () => {
    const notification = notificationOf(event('strategy.rollback', { strategy: 'ma-crossover', version: 2, retiredVersion: 3 }, { workflowId: 'wf', runId: 'run' }), {}, 'http://ui/wf/run')!;
    expect(notification).toMatchObject({ id: 'audit-7', title: 'Strategy ma-crossover rolled back to v2 (v3 retired)', text: 'why', actor: 'ops', workflowId: 'wf', webUiUrl: 'http://ui/wf/run' });
    expect(slackText(notification)).toBe('*Strategy ma-crossover rolled back to v2 (v3 retired)*\nwhy — ops, 2026-12-03T10:00:00.000Z <http://ui/wf/run|Web UI>');
  });
});
