import { join } from 'node:path';
import { waitFor } from '../../infra/async/wait-for';
import { ensureActiveStrategyParams } from '../../infra/db/queries/strategy-params';
import { findFreePort } from '../../infra/net/free-port';
import { projectRoot } from '../../infra/paths';
import { DASHBOARDS } from '../../infra/monitoring/grafana/dashboards';
import { promqlMetricNames } from '../../infra/monitoring/promql-metric-names';
import { getStrategy } from '../../domain/strategies';
import { acceleratedClock, lastLines, startReconciledHotPath } from '../helpers/hot-path-process';
import type { RunningProcess } from '../helpers/processes';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus';
import { startRealStack, type RealStack } from '../helpers/real-stack';
import { SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(300_000);

const ALERT_RULES = join(projectRoot(), 'infra', 'monitoring', 'prometheus', 'alerts.yml');
/** The simulator's M1 bars complete about once a second, so the hot path decides and trades in test time. */
const SIM_SPEED = 60;

const hostPort = (url: string): string => new URL(url).host;
const finite = (sample: { value: [number, string] }): boolean => Number.isFinite(Number(sample.value[1]));

/**
 * The real Prometheus scraping the real worker, api and hot path after a little trading on the simulator (an
 * analysis-to-trade that executes, the hot path's own orders, a health check): every panel of every dashboard and
 * every alert rule has data from the running system.
 */
describe('Prometheus, dashboards and alerts against the running system', () => {
  let stack: RealStack;
  let hotPath: RunningProcess;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    stack = await startRealStack('prometheus', { seed: 97, sim: { clock: acceleratedClock(SIM_SPEED) } });
    await ensureActiveStrategyParams(stack.database.db, { strategy: 'ma-crossover', params: getStrategy('ma-crossover').defaults, createdBy: 'test', reason: 'the hot path trades the defaults' });
    const hotPathPort = await findFreePort();
    hotPath = await startReconciledHotPath({ ...stack.env, HOT_PATH_METRICS_PORT: String(hotPathPort) }, `http://127.0.0.1:${hotPathPort}/status`);
    prometheus = await startPrometheus({
      'orchestration-worker': `127.0.0.1:${stack.env.WORKER_METRICS_PORT}`,
      api: hostPort(stack.apiUrl),
      'hot-path': `127.0.0.1:${hotPathPort}`,
    }, [ALERT_RULES]);

    // GBP_USD: the hot path trades EUR_USD and USD_JPY, so the workflow's instrument is flat and its signal trades.
    const trade = await stack.fetchApi('/api/workflows/analysis-to-trade?wait=true', {
      body: { accountId: SIM_ACCOUNT_ID, instruments: ['GBP_USD'], strategy: { name: 'ma-crossover' }, execute: true, minConfidence: 0 },
    });
    expect(await trade.json()).toMatchObject({ status: 'COMPLETED', result: { outcome: 'executed' } });
    expect((await stack.fetchApi('/api/system/health-check?wait=true', { body: {} })).status).toBe(200);
    // A little trading on both paths, seen by Prometheus.
    const seen = (expr: string) => async () => ((await prometheus.query(expr)).length > 0 ? true : undefined);
    await waitFor('Prometheus to see the workflow\'s order', seen('sum(trading_orders_total{source="workflow", status="filled"}) > 0'), 60_000, 1_000);
    await waitFor('Prometheus to see an order of the hot path acknowledged', seen('sum(hot_path_tick_to_order_ack_seconds_count) > 0'), 180_000, 1_000)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${lastLines(hotPath)}`);
      });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await hotPath?.stop();
    await stack?.stop();
  });

  it('answers every dashboard panel\'s query with data', async () => {
    const queries = DASHBOARDS.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.queries.map((query) => ({ panel: `${dashboard.title} / ${panel.title}`, expr: query.expr }))));
    expect(queries.length).toBeGreaterThan(30);
    const withoutData = async () => {
      const answers = await Promise.all(queries.map(async (query) => ({ ...query, samples: await prometheus.query(query.expr) })));
      return answers.filter((answer) => !answer.samples.some(finite)).map(({ panel, expr }) => `${panel}: ${expr}`);
    };
    // Rates need two scrapes in their window and the SDK's histograms a few tasks: wait for every panel, then check.
    const missing = await waitFor('every panel to have data', async () => {
      const left = await withoutData();
      return left.length === 0 ? left : undefined;
    }, 120_000, 2_000).catch(async () => withoutData());
    expect(missing).toEqual([]);
  });

  it('evaluates every alert rule without error, on series the system exports', async () => {
    const rules = await waitFor('every rule to be evaluated', async () => {
      const all = await prometheus.rules();
      return all.length > 0 && all.every((rule) => !rule.lastEvaluation.startsWith('0001')) ? all : undefined;
    }, 60_000, 1_000);
    expect(rules.filter((rule) => rule.type === 'alerting').length).toBeGreaterThanOrEqual(20);
    expect(rules.filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.lastError}`)).toEqual([]);

    const names = [...new Set(rules.flatMap((rule) => promqlMetricNames(rule.query)))];
    const absent = [];
    for (const name of names) if ((await prometheus.query(`count(${name})`)).length === 0) absent.push(name);
    expect(absent).toEqual([]);
    // Nothing is wrong after a little trading on a healthy stack: no alert fires (pending is fine: `for:` clocks).
    const firing = rules.filter((rule) => rule.state === 'firing').map((rule) => rule.name);
    expect(firing).toEqual([]);
  });

  it('shows trading and Temporal figures on the worker\'s own /metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${stack.env.WORKER_METRICS_PORT}/metrics`)).text();
    expect(metrics).toMatch(/^workflow_outcomes_total\{workflow_type="analysisToTrade",outcome="completed"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^trading_orders_total\{source="workflow",status="submitting",reason=""[^}]*\} [1-9]/m);
    expect(metrics).toMatch(new RegExp(`^account_nav_usd\\{account="${SIM_ACCOUNT_ID}"[^}]*\\} [1-9]`, 'm'));
    expect(metrics).toMatch(/^trading_state\{scope="system",state="ACTIVE"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^temporal_workflow_completed_total\{[^}]*workflow_type="analysisToTrade"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^temporal_activity_execution_latency_seconds_count\{[^}]*\} [1-9]/m);
  });
});
