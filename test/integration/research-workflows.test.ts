import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { maCrossover } from '../../domain/strategies';
import type { DatabaseHandle } from '../../infra/db/client';
import { insertCandidateVersion } from '../../infra/db/queries/strategy-versions';
import { auditEvents, backtestRuns, evolutionGenerations } from '../../infra/db/schema';
import type { EvolutionCycleResult } from '../../workflows/definitions/evolution-cycle';
import type { StrategyOptimizationResult } from '../../workflows/definitions/strategy-optimization';
import { maybeRecordHistory } from '../helpers/record-history';
import { waitFor } from '../../infra/async/wait-for';

import { bearer, issueTestKey } from '../helpers/api-keys';
import { startRealStack, type RealStack } from '../helpers/real-stack';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;

/**
 * Research through the REST api with real parts only: a Temporal dev server, Postgres, the venue simulator (candles
 * paged through the real adapter), and the compiled worker and api processes.
 */
describe('research workflows, versions and schedules through the REST api', () => {
  let stack: RealStack;
  let database: DatabaseHandle;
  let client: Client;

  const call = async (method: string, path: string, body?: unknown, key?: string) => {
    const response = await stack.fetchApi(path, { method, body, headers: key ? bearer(key) : {} });
    return { status: response.status, body: response.status === 204 ? {} : await response.json() as Json };
  };

  beforeAll(async () => {
    stack = await startRealStack('research_workflows', {
      seed: 21,
      // Schedules are ensured at start; daily intervals so that none fires during the test.
      env: { SCHEDULES_ENABLED: 'true', HEALTH_CHECK_SCHEDULE: '24h', EVOLUTION_SCHEDULE: '24h', OPTIMIZATION_SCHEDULE: '24h', RESEARCH_INSTRUMENTS: 'EUR_USD,GBP_USD' },
    });
    ({ database, client } = stack);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('rejects a bad optimization request with a 400 naming each bad field', async () => {
    const { status, body } = await call('POST', '/api/workflows/strategy-optimization', {
      strategy: 'nope', instruments: ['EUR_USD', 'EUR_USD'], budget: 0, walkForward: { folds: 2, inSampleFraction: 1.5 }, holdoutFraction: 0.9, gate: { maxBacktestOverfitting: 2 },
    });
    expect(status).toBe(400);
    const fields = (body.details as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['budget', 'gate.maxBacktestOverfitting', 'holdoutFraction', 'instruments', 'strategy', 'walkForward.inSampleFraction']);
  });

  it('rejects a bad evolution-cycle request with a 400 naming each bad field', async () => {
    const { status, body } = await call('POST', '/api/workflows/evolution-cycle', {
      strategy: 'ma-crossover', instruments: ['EUR_USD'], rollback: { objectiveShortfall: -1, drawdownMultiple: 2, minPeriods: 3, minTrades: 0 },
    });
    expect(status).toBe(400);
    const fields = (body.details as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['rollback.minTrades', 'rollback.objectiveShortfall']);
  });

  it('runs a 20-trial optimization on candles paged from the venue, stores every trial and the winner as a version', async () => {
    const { status, body } = await call('POST', '/api/workflows/strategy-optimization?wait=true', {
      strategy: 'ma-crossover', instruments: ['EUR_USD', 'GBP_USD'], period: { lastDays: 60 }, search: 'random', budget: 20,
      walkForward: { folds: 2, inSampleFraction: 0.7 }, holdoutFraction: 0.2, gate: { maxBacktestOverfitting: 0.5 }, constraints: { minTrades: 1 }, autoDeploy: true, batchSize: 10,
      requestedBy: 'integration-test',
    });
    if (body.status !== 'COMPLETED') console.log(body, stack.worker.output().split('\n').slice(-30).join('\n'));
    expect(status).toBe(200);
    const workflowId = body.workflowId as string;
    expect(body.webUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${workflowId}/${body.runId as string}/history`);
    const result = body.result as StrategyOptimizationResult;
    expect(result.trials).toBe(20);
    const trials = await database.db.select().from(backtestRuns).where(eq(backtestRuns.runId, workflowId));
    expect(trials.filter((t) => t.trialKey.startsWith('trial-'))).toHaveLength(20);
    expect(trials[0]!.instruments).toEqual(['EUR_USD', 'GBP_USD']);

    const winner = result.winner!;
    expect(winner.deflatedSharpe.trials).toBe(20);
    // Ranked on folds over the first 48 days, then judged on the last 12, which no trial saw.
    expect(winner.holdout).toMatchObject({ periods: 12 });
    expect(winner.deflatedSharpe.effectiveTrials).toBeLessThanOrEqual(20);
    const versions = await call('GET', '/api/strategies/ma-crossover/versions');
    const stored = (versions.body.versions as Json[]).find((v) => v.version === winner.candidateVersion)!;
    // The gate decides on data the simulator generated for this hour; either way the version says what it decided.
    expect(stored).toMatchObject({ params: winner.params, status: result.deployment!.promoted ? 'active' : 'candidate', createdBy: `workflow:${workflowId}` });
    expect(stored.metrics).toMatchObject({ optimization: { workflowId, trials: 20, search: 'random' } });
    await maybeRecordHistory(client, workflowId, 'strategy-optimization-auto-deploy');
  });

  it('runs an evolution cycle on the active version, analysing its fills, and records its generation', async () => {
    // As if an earlier cycle had promoted it: the cycle holds it to this sandbox expectation.
    const sandbox = { objective: 'sharpe', score: 1.5, maxDrawdown: 0.05, trades: 40, promotedBy: 'integration-test' };
    const promoted = await insertCandidateVersion(database.db, { strategy: 'ma-crossover', params: maCrossover.defaults, metrics: { sandbox }, createdBy: 'integration-test-evolution', reason: 'evolution test' });
    expect((await call('POST', `/api/strategies/ma-crossover/versions/${promoted.version}/activate`, { by: 'integration-test', reason: 'evolution test' })).status).toBe(200);

    // One trade is enough for a hypothesis to be chosen, so that the gate is reached and says why it refuses.
    const { status, body } = await call('POST', '/api/workflows/evolution-cycle?wait=true', {
      strategy: 'ma-crossover', instruments: ['EUR_USD', 'GBP_USD'], lookbackBars: 480, evaluationBars: 240, mutations: 3, seed: 5, gate: { minTrades: 1 }, requestedBy: 'integration-test',
    });
    if (body.status !== 'COMPLETED') console.log(body, stack.worker.output().split('\n').slice(-30).join('\n'));
    expect(status).toBe(200);
    const result = body.result as EvolutionCycleResult;
    expect(result.activeVersionBefore).toBe(promoted.version);
    // Activated a moment ago: no trade and no complete bar yet, so nothing to judge it on.
    expect(result.liveRecord).toMatchObject({ version: promoted.version, tradesOpened: 0, tradesClosed: 0, realizedPl: 0, objective: 'sharpe' });
    expect(result.rollbackCheck).toEqual({ rollBack: false, records: [{ source: 'fills', judged: false, rollBack: false, shortfall: 1.5 }], reasons: ['fills: keep: only 0 trades, fewer than the 5 needed to judge'] });
    // Hypotheses ranked on the 120 bars before the evaluation window, the chosen one judged on the last 240.
    expect(result.windows).toEqual({ generation: { start: 0, end: 120 }, selection: { start: 120, end: 240 }, evaluation: { start: 240, end: 480 } });
    // 240 bars are 10 daily periods, fewer than the gate's 20: nothing may be promoted on that little evidence.
    expect(result.decision).toBe('keep');
    expect(result.gate!.reasons).toContain('fail: only 10 out-of-sample periods, fewer than the minimum of 20');
    expect(result.challenger!.id).toBe(result.gate!.challenger);
    const [generation] = await database.db.select().from(evolutionGenerations).where(eq(evolutionGenerations.workflowId, body.workflowId as string));
    expect(generation).toMatchObject({ decision: 'keep', reason: result.reason, activeVersionBefore: promoted.version });
    expect(generation!.hypotheses.map((h) => h.id)).toEqual(result.hypotheses.map((h) => h.id));
    expect(generation!.metrics).toMatchObject({ liveRecord: { version: promoted.version, tradesOpened: 0 }, rollbackCheck: { rollBack: false }, windows: result.windows });
    await maybeRecordHistory(client, body.workflowId as string, 'evolution-cycle-keep');
  });

  it('runs the evolution cycle from its hourly schedule, triggered now', async () => {
    expect((await call('POST', '/api/schedules/evolution-cycle/trigger')).status).toBe(202);
    const workflowId = await waitFor('the scheduled evolution cycle to start', async () => {
      const { body } = await call('GET', '/api/schedules/evolution-cycle');
      return (body.recentActions as Json[])[0]?.workflowId as string | undefined;
    }, 30_000);
    expect(workflowId).toMatch(/^evolution-cycle-run/);
    const result = await client.workflow.getHandle(workflowId).result() as EvolutionCycleResult;
    const [generation] = await database.db.select().from(evolutionGenerations).where(eq(evolutionGenerations.workflowId, workflowId));
    // The configured research strategy and instruments, with the default hourly settings (160 days of H1 bars).
    expect(generation).toMatchObject({ strategy: 'ma-crossover', decision: result.decision, reason: result.reason });
    expect(generation!.hypotheses.length).toBeGreaterThanOrEqual(6);
    const trials = await database.db.select().from(backtestRuns).where(eq(backtestRuns.runId, workflowId));
    expect(trials.map((t) => t.instruments)).toContainEqual(['EUR_USD', 'GBP_USD']);
  });

  it('activates a version and rolls it back, auditing who and why', async () => {
    const one = await insertCandidateVersion(database.db, { strategy: 'rsi-reversal', params: { period: 14 }, metrics: {}, createdBy: 'integration-test', reason: 'first' });
    const two = await insertCandidateVersion(database.db, { strategy: 'rsi-reversal', params: { period: 10 }, metrics: {}, createdBy: 'integration-test-2', reason: 'second' });
    // Two people, each with a key of their own: the audit names the key, whatever `by` says.
    const [alice, bob] = [await issueTestKey(database.db, 'alice'), await issueTestKey(database.db, 'bob')];
    const change = { by: 'someone else', reason: 'integration test' };
    expect((await call('POST', `/api/strategies/rsi-reversal/versions/${one.version}/activate`, change, alice)).body).toMatchObject({ version: one.version, changed: true });
    expect((await call('POST', `/api/strategies/rsi-reversal/versions/${two.version}/activate`, change, alice)).body).toMatchObject({ version: two.version, retiredVersion: one.version });
    expect((await call('POST', `/api/strategies/rsi-reversal/versions/${one.version}/rollback`, change, alice)).status).toBe(409);
    expect((await call('POST', `/api/strategies/rsi-reversal/versions/${two.version}/rollback`, {}, bob)).status).toBe(400);
    const rollback = await call('POST', `/api/strategies/rsi-reversal/versions/${two.version}/rollback`, { reason: 'worse live' }, bob);
    expect(rollback).toMatchObject({ status: 200, body: { version: one.version, retiredVersion: two.version, rolledBackFrom: two.version } });
    const statuses = ((await call('GET', '/api/strategies/rsi-reversal/versions')).body.versions as Json[]).map((v) => [v.version, v.status]);
    expect(statuses).toEqual([[two.version, 'retired'], [one.version, 'active']]);
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectType, 'strategy_params')).orderBy(auditEvents.id);
    expect(audits.filter((a) => a.subjectId?.startsWith('rsi-reversal')).map((a) => [a.action, a.actor, a.reason])).toEqual([
      ['strategy.activate', 'alice', 'integration test'], ['strategy.activate', 'alice', 'integration test'], ['strategy.rollback', 'bob', 'worse live'],
    ]);
    expect((await call('POST', '/api/strategies/rsi-reversal/versions/99/activate', change)).status).toBe(404);
  });

  it('lists the configured schedules and creates, updates, pauses, triggers and deletes one', async () => {
    const listed = await call('GET', '/api/schedules');
    const ids = (listed.body.schedules as Json[]).map((s) => s.scheduleId);
    expect(ids).toEqual(expect.arrayContaining(['health-check', 'evolution-cycle', 'strategy-optimization']));
    expect((listed.body.schedules as Json[]).find((s) => s.scheduleId === 'evolution-cycle')).toMatchObject({ workflowType: 'evolutionCycle', overlap: 'SKIP', paused: false });

    expect((await call('POST', '/api/schedules', { scheduleId: 'probe', every: 'often', workflowType: 'healthCheck' })).status).toBe(400);
    const created = await call('POST', '/api/schedules', { scheduleId: 'probe', every: '1h', workflowType: 'healthCheck', note: 'integration test' });
    expect(created).toMatchObject({ status: 201, body: { scheduleId: 'probe', workflowType: 'healthCheck', paused: false } });
    expect((await call('POST', '/api/schedules', { scheduleId: 'probe', every: '1h', workflowType: 'healthCheck' })).status).toBe(409);
    const updated = await call('PUT', '/api/schedules/probe', { every: '2h' });
    expect(updated.body.every).toEqual([7_200_000]);
    expect((await call('POST', '/api/schedules/probe/pause', { note: 'maintenance' })).body).toMatchObject({ paused: true, note: 'paused by test-admin: maintenance' });
    expect((await call('POST', '/api/schedules/probe/unpause')).body).toMatchObject({ paused: false });
    expect((await call('POST', '/api/schedules/probe/trigger')).status).toBe(202);
    await waitFor('the triggered run', async () => {
      const { body } = await call('GET', '/api/schedules/probe');
      return (body.recentActions as Json[]).length > 0 ? true : undefined;
    }, 30_000);
    expect((await call('DELETE', '/api/schedules/probe')).status).toBe(204);
    expect((await call('GET', '/api/schedules/probe')).status).toBe(404);
  });
});
