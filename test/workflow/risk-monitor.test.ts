import { randomUUID } from 'node:crypto';
import { orchestrationActivityDeps } from '../../workers/orchestration-activity-deps';
import { createActivities, createBrokerQueueActivities } from '../../activities';
import { loadConfig } from '../../infra/config';
import { riskMonitor } from '../../workflows';
import { emergencyStopWorkflowId } from '../../workflows/definitions/emergency-stop';
import type { EmergencyStopReport } from '../../workflows/definitions/emergency-stop-report';
import { riskFiguresQuery, riskMonitorWorkflowId, type RiskMonitorLimits } from '../../workflows/definitions/risk-monitor';
import { waitFor } from '../../infra/async/wait-for';
import { maybeRecordHistory } from '../helpers/record-history';
import { SIM_ACCOUNT_ID, useSimulatorWithDatabase } from '../helpers/trading-database';
import { createTradingWorkers, useTradingWorkflowEnvironment } from '../helpers/trading-workers';
import { accountBrokers } from '../../infra/broker/account-brokers';

jest.setTimeout(120_000);

/**
 * The risk monitor with its real activities against the simulator and Postgres: a reading stores a snapshot; once the
 * configured limits tighten, the next reading (no restart) trips a breaker through the board (REDUCING), and a severe
 * drawdown starts the account's emergency stop, which flattens it.
 */
describe('riskMonitor', () => {
  const context = useTradingWorkflowEnvironment();
  const venue = useSimulatorWithDatabase('risk_monitor', 31);

  it('records a snapshot, applies tightened limits at the next reading: trips the VaR breaker to REDUCING and starts the emergency stop on a severe drawdown', async () => {
    const { sim, broker, database } = venue;
    const config = loadConfig({ BROKER_URL: sim.url });
    // What the worker's configuration says now: read at every reading, so the change below applies without a restart.
    let limits: RiskMonitorLimits = { breakers: { var_limit: { threshold: 1e12, tripTo: 'REDUCING', coolDownMs: 600_000, autoReset: true } }, severeDailyLossUsd: 1e9, severeDrawdown: 0.99 };
    const workers = await createTradingWorkers(context, {
      orchestration: createActivities(orchestrationActivityDeps(config, database, async () => undefined, { brokerUrl: sim.url, probeTimeoutMs: 1000 })),
      broker: createBrokerQueueActivities({ database, brokers: accountBrokers([broker]), clock: Date.now, riskLimits: () => limits }),
    });
    const summary = await broker.accountSummary();
    const placed = await broker.placeOrder({ type: 'MARKET', clientOrderId: `risk-${randomUUID()}`, instrument: 'EUR_USD', units: 50_000 }, { lastKnownTransactionId: summary.lastTransactionId });
    const tradingDay = new Date().toISOString();

    const { calm, status, stopReport, afterStop } = await workers.run(async () => {
      const monitor = await context.env.client.workflow.start(riskMonitor, {
        taskQueue: workers.taskQueue, workflowId: riskMonitorWorkflowId(SIM_ACCOUNT_ID),
        args: [{
          accountId: SIM_ACCOUNT_ID,
          intervalMs: 60_000,
          // The peak at twice today's NAV: a 50% drawdown, past the severe 20% configured below.
          carry: { tradingDay, dayStartNavUsd: summary.nav, peakNavUsd: 2 * summary.nav },
          // Fills are recorded from before the test's own order on.
          fillsThroughTransactionId: summary.lastTransactionId,
        }],
      });
      // The reading counts before the stop it calls for has started: a reading that starts one is waited for with it.
      const reading = (count: number, stopsStarted = 0) => waitFor(`reading ${count}`, async () => {
        const figures = await monitor.query(riskFiguresQuery);
        return figures.readings >= count && figures.emergencyStopsStarted >= stopsStarted ? figures : undefined;
      }, 60_000);
      const firstReading = await reading(1);
      limits = { breakers: { var_limit: { threshold: 0.01, tripTo: 'REDUCING', coolDownMs: 600_000, autoReset: true } }, severeDailyLossUsd: 1e9, severeDrawdown: 0.2 };
      await context.env.sleep('1 minute');
      const secondReading = await reading(2, 1);
      const report: EmergencyStopReport = await context.env.client.workflow.getHandle(emergencyStopWorkflowId('account', SIM_ACCOUNT_ID)).result();
      // Two intervals on, the monitor has read the broker's log past the stop's closing fill.
      await context.env.sleep('2 minutes');
      const lastTransactionId = (await broker.accountSummary()).lastTransactionId;
      const laterReading = await waitFor('the fills to be recorded through the last transaction', async () => {
        const figures = await monitor.query(riskFiguresQuery);
        return figures.fillsThroughTransactionId === lastTransactionId ? figures : undefined;
      }, 60_000);
      await monitor.terminate('test done');
      await maybeRecordHistory(context.env.client, riskMonitorWorkflowId(SIM_ACCOUNT_ID), 'risk-monitor-records-fills');
      return { calm: firstReading, status: secondReading, stopReport: report, afterStop: laterReading };
    });

    expect(calm.latest).toMatchObject({ breakerEvents: [], tradingState: 'ACTIVE' });
    expect(calm.latest!.severeBreach).toBeUndefined();
    expect(calm.emergencyStopsStarted).toBe(0);

    const reading = status.latest!;
    expect(status).toMatchObject({ accountId: SIM_ACCOUNT_ID, emergencyStopsStarted: 1 });
    expect(reading.exposuresUsd.EUR_USD).toBeGreaterThan(0);
    expect(reading.grossExposureUsd).toBeCloseTo(reading.exposuresUsd.EUR_USD!, 6);
    expect(reading.largestConcentration).toBeCloseTo(reading.grossExposureUsd / reading.navUsd, 9);
    expect(reading.drawdown).toBeCloseTo(1 - reading.navUsd / (2 * summary.nav), 9);
    expect(reading.var99Usd).toBeGreaterThan(0);
    expect(reading.es99Usd).toBeGreaterThanOrEqual(reading.var99Usd);
    expect(reading.breakerEvents).toEqual([expect.objectContaining({ kind: 'tripped', breaker: 'var_limit', tradingState: 'REDUCING' })]);
    expect(reading.severeBreach).toMatch(/^drawdown 0\.\d+ >= 0\.2$/);

    const [snapshot] = (await database.pool.query('select nav_usd, gross_exposure_usd, var99_usd, drawdown, workflow_id from risk_snapshots where account_id = $1 order by id offset 1 limit 1', [SIM_ACCOUNT_ID])).rows;
    expect(snapshot).toEqual({ nav_usd: reading.navUsd, gross_exposure_usd: reading.grossExposureUsd, var99_usd: reading.var99Usd, drawdown: reading.drawdown, workflow_id: riskMonitorWorkflowId(SIM_ACCOUNT_ID) });
    const breakerAudit = (await database.pool.query(`select actor, action from audit_events where action like 'circuit_breaker.%' order by id`)).rows;
    expect(breakerAudit).toEqual([{ actor: 'risk-monitor', action: 'circuit_breaker.tripped' }, { actor: 'risk-monitor', action: 'circuit_breaker.override_set' }]);

    expect(stopReport).toMatchObject({ scope: SIM_ACCOUNT_ID, tradingState: 'HALTED', outcome: 'flat' });
    // The stop recorded its closing fill itself; the monitor recorded the opening one (and found the closing one there).
    expect(afterStop.fillsRecorded).toBe(1);
    expect(afterStop.lastFillsError).toBeUndefined();
    const [opening, closing] = (await database.pool.query('select trade_opened_id, trades_closed, realized_pl::float8 as realized_pl from fills where account_id = $1 order by transaction_id::numeric', [SIM_ACCOUNT_ID])).rows;
    expect(opening).toEqual({ trade_opened_id: placed.tradeOpenedId, trades_closed: [], realized_pl: 0 });
    expect(closing.trades_closed).toEqual([{ tradeId: placed.tradeOpenedId, units: -50_000, realizedPl: expect.any(Number) }]);
    expect(closing.realized_pl).toBeCloseTo(closing.trades_closed[0].realizedPl, 4);
    expect((await broker.openPositions()).filter((p) => p.netUnits !== 0)).toEqual([]);
    const [state] = (await database.pool.query('select state, updated_by from trading_state where scope = $1', [SIM_ACCOUNT_ID])).rows;
    expect(state).toEqual({ state: 'HALTED', updated_by: 'risk-monitor' });
  });
});
