import { classifyProbe, overallStatus, summarizeHealth, type RecordedHealth } from '../../../domain/health';

describe('health classification', () => {
  it('classifies a failed probe as unhealthy and a slow one as degraded', () => {
    expect(classifyProbe({ component: 'broker', ok: false, latencyMs: 3, detail: 'unreachable: ECONNREFUSED' }, 500).status).toBe('unhealthy');
    const slow = classifyProbe({ component: 'postgres', ok: true, latencyMs: 700, detail: 'select 1 answered' }, 500);
    expect(slow).toEqual({ component: 'postgres', status: 'degraded', latencyMs: 700, detail: 'select 1 answered; slower than 500 ms' });
    expect(classifyProbe({ component: 'postgres', ok: true, latencyMs: 5, detail: 'ok' }, 500).status).toBe('healthy');
  });

  it('takes the worst status overall', () => {
    const c = (status: 'healthy' | 'degraded' | 'unhealthy') => ({ component: status, status, latencyMs: 1, detail: '' });
    expect(overallStatus([])).toBe('healthy');
    expect(overallStatus([c('healthy'), c('degraded')])).toBe('degraded');
    expect(overallStatus([c('degraded'), c('unhealthy'), c('healthy')])).toBe('unhealthy');
  });
});

describe('summarizeHealth', () => {
  const NOW = 1_700_000_000_000;
  const row = (component: string, status: RecordedHealth['status'], ageMs: number): RecordedHealth =>
    ({ component, status, latencyMs: 2, detail: '', checkedAtMs: NOW - ageMs });

  it('is unknown before any check', () => {
    expect(summarizeHealth([], NOW, 120_000)).toEqual({ overall: 'unknown', components: [] });
  });

  it('reports the worst recent status with each component age', () => {
    const summary = summarizeHealth([row('postgres', 'healthy', 30_000), row('broker', 'degraded', 30_000)], NOW, 120_000);
    expect(summary.overall).toBe('degraded');
    expect(summary.components.map((c) => [c.component, c.ageMs, c.stale])).toEqual([['postgres', 30_000, false], ['broker', 30_000, false]]);
  });

  it('does not let an old healthy check stand: a component checked too long ago makes the summary stale', () => {
    const summary = summarizeHealth([row('postgres', 'healthy', 30_000), row('temporal', 'healthy', 121_000)], NOW, 120_000);
    expect(summary.overall).toBe('stale');
    expect(summary.components.find((c) => c.component === 'temporal')!.stale).toBe(true);
  });
});
