import { Counter, Gauge, type Registry } from 'prom-client';
import { VENUE_INITIATED_FILL_REASONS } from '../../domain/reconciliation/explain-positions';
import { BREAKER_IDS } from '../../domain/risk/circuit-breakers';
import { TRADING_STATES } from '../../domain/risk/trading-state';
import { ORDER_STATUSES } from '../../domain/trading/order-outcome';
import type { Database } from '../db/client';
import { readOperationalFigures, type OperationalFigures } from '../db/queries/operational-figures';
import { HEALTH_STATUSES, ORDER_SOURCES, SYSTEM_SCOPE } from '../db/schema';
import { type FigureMetric, metricsFromFigures, sharedRead } from './scrape-cache';

/** Our own market orders' fills, and those the venue starts (stop-loss, take-profit, closeout). */
const FILL_REASONS = ['MARKET_ORDER', 'MARKET_ORDER_POSITION_CLOSEOUT', ...VENUE_INITIATED_FILL_REASONS];

type Define = FigureMetric<OperationalFigures>;
type RiskRow = OperationalFigures['risk'][number];
type ReconciliationRow = OperationalFigures['reconciliation'][number];

/**
 * Trading as Postgres records it, whichever process wrote it: order and fill totals (kept by triggers), breaker trips
 * and states, trading state per scope, the risk monitor's latest snapshot per account, component health and the
 * reconciler's status. Read once per scrape; every worker replica exports the same figures (aggregate with max).
 */
export function registerOperationalMetrics(registry: Registry, db: Database, options: { shareReadForMs?: number } = {}): void {
  const figures = sharedRead(() => readOperationalFigures(db), options.shareReadForMs);
  // Totals are read whole from Postgres at every scrape, so both kinds are rebuilt from the figures.
  const counter = metricsFromFigures(registry, figures, Counter);
  const gauge = metricsFromFigures(registry, figures, Gauge);
  const up: Gauge = new Gauge({
    name: 'trading_figures_up', help: '1 when the latest read of the trading figures from Postgres succeeded; 0 while they are the last good ones', registers: [registry],
    async collect() {
      await figures();
      up.set(figures.up() ? 1 : 0);
    },
  });

  counter('trading_orders_total', 'Orders that entered each status (submitting = on its way to the broker), by source and reason', ['source', 'status', 'reason'], (record, { orderCounts }) => {
    for (const source of ORDER_SOURCES) for (const status of ORDER_STATUSES) record({ source, status, reason: '' }, 0);
    for (const row of orderCounts) record({ source: row.source, status: row.status, reason: row.reason }, row.count);
  });
  counter('trading_fills_total', 'Fills recorded from the broker transactions, by reason (orders filled by source: trading_orders_total)', ['reason'], (record, { fills }) => {
    for (const reason of FILL_REASONS) record({ reason }, 0);
    for (const row of fills) record({ reason: row.reason }, row.count);
  });
  counter('circuit_breaker_trips_total', 'Circuit-breaker trips, by scope and breaker', ['scope', 'breaker'], (record, { trips }) => {
    for (const breaker of BREAKER_IDS) record({ scope: SYSTEM_SCOPE, breaker }, 0);
    for (const row of trips) record({ scope: row.scope, breaker: row.breaker }, row.count);
  });
  gauge('circuit_breaker_tripped', '1 while the breaker is tripped or latched (it restricts trading), by scope', ['scope', 'breaker'], (record, { boards }) => {
    for (const { scope, board } of boards) {
      for (const [breaker, status] of Object.entries(board.breakers ?? {})) record({ scope, breaker }, status && status.phase !== 'ARMED' ? 1 : 0);
    }
  });
  gauge('trading_state', 'Trading state of a scope (system or an account): 1 for the current one; no row means ACTIVE', ['scope', 'state'], (record, { states }) => {
    const byScope = new Map<string, string>([[SYSTEM_SCOPE, 'ACTIVE'], ...states.map((row) => [row.scope, row.state] as const)]);
    for (const [scope, current] of byScope) for (const state of TRADING_STATES) record({ scope, state }, state === current ? 1 : 0);
  });
  gauge('component_health_status', 'The latest health check of each component in the last hour: 1 for its current status', ['component', 'status'], (record, { health }) => {
    for (const row of health) for (const status of HEALTH_STATUSES) record({ component: row.component, status }, status === row.status ? 1 : 0);
  });
  gauge('component_health_checked_timestamp_seconds', 'When each component was last checked', ['component'], (record, { health }) => {
    for (const row of health) record({ component: row.component }, row.checkedAt.getTime() / 1000);
  });
  registerRiskFigures(gauge);
  registerReconciliationFigures(counter, gauge);
}

function registerRiskFigures(gauge: Define): void {
  const perAccount = (name: string, help: string, value: (row: RiskRow) => number | null) =>
    gauge(name, `${help} (the risk monitor's latest snapshot)`, ['account'], (record, { risk }) => {
      for (const row of risk) {
        const figure = value(row);
        if (figure !== null) record({ account: row.accountId }, figure);
      }
    });
  perAccount('account_nav_usd', 'Net asset value in USD', (row) => row.navUsd);
  perAccount('account_gross_exposure_usd', 'Gross exposure (sum of absolute position notionals) in USD', (row) => row.grossExposureUsd);
  perAccount('account_net_exposure_usd', 'Net exposure in USD', (row) => row.netExposureUsd);
  perAccount('account_largest_concentration', 'Largest single-instrument exposure as a multiple of NAV', (row) => row.largestConcentration);
  perAccount('account_var99_usd', 'One-day 99% value at risk in USD', (row) => row.var99Usd);
  perAccount('account_daily_pnl_usd', 'Profit or loss since the trading day began, in USD', (row) => row.dailyPnlUsd);
  perAccount('account_drawdown_ratio', 'Drawdown from the NAV high-water mark, as a fraction', (row) => row.drawdown);
  perAccount('risk_snapshot_timestamp_seconds', 'When the risk monitor last took a snapshot', (row) => row.takenAt.getTime() / 1000);
}

function registerReconciliationFigures(counter: Define, gauge: Define): void {
  const perAccount = (define: Define, name: string, help: string, value: (row: ReconciliationRow) => number) =>
    define(name, help, ['account'], (record, { reconciliation }) => {
      for (const row of reconciliation) record({ account: row.accountId }, value(row));
    });
  perAccount(counter, 'reconciliation_runs_total', 'Reconciliation runs of the account', (row) => row.runs);
  perAccount(counter, 'reconciliation_orders_settled_total', 'Orders rows the reconciler brought up to the broker\'s truth', (row) => row.ordersSettled);
  perAccount(counter, 'reconciliation_fills_recorded_total', 'Fills the reconciler recorded from the transaction log', (row) => row.fillsRecorded);
  perAccount(gauge, 'reconciliation_open_mismatches', 'Broker positions or trades the books do not explain, still open', (row) => row.openMismatches);
  perAccount(gauge, 'reconciliation_last_run_timestamp_seconds', 'When the last reconciliation run finished', (row) => row.lastRunAt.getTime() / 1000);
  perAccount(gauge, 'reconciliation_last_run_duration_seconds', 'How long the last reconciliation run took', (row) => row.lastRunDurationMs / 1000);
  perAccount(gauge, 'reconciliation_positions_compared', '1 when the last run compared positions, 0 when it could not (the account kept moving)', (row) => (row.positionsNotCompared ? 0 : 1));
}
