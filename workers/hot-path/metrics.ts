import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TradingState } from '../../domain/risk/trading-state';
import { DECISION_OUTCOMES } from '../../infra/db/schema/hot-path';

const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/** Decision service time: most ticks take a few microseconds, a bar-completing one tens. */
const DECISION_BUCKETS_SECONDS = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 5e-3, 1e-2];
/** Tick → acknowledged spans the broker round trips: a millisecond on loopback, hundreds to OANDA. */
const ACK_BUCKETS_SECONDS = [5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1, 2, 5];

export type HotPathMetricFamilies = ReturnType<typeof hotPathMetricFamilies>;
export type HotPathMetrics = ReturnType<typeof accountHotPathMetrics>;

/** The hot path's series, every one labelled with the account it trades (one process may trade several). */
export function hotPathMetricFamilies(registry: Registry) {
  const registers = [registry];
  return {
    tradingState: new Gauge({ name: 'hot_path_trading_state', help: 'Effective trading state of the engine (1 for the current one)', labelNames: ['account', 'state'], registers }),
    decisionLatency: new Histogram({ name: 'hot_path_decision_latency_seconds', help: 'Tick received to decision made', labelNames: ['account'], buckets: DECISION_BUCKETS_SECONDS, registers }),
    tickToAck: new Histogram({ name: 'hot_path_tick_to_order_ack_seconds', help: 'Tick received to order acknowledged by the broker', labelNames: ['account'], buckets: ACK_BUCKETS_SECONDS, registers }),
    ticks: new Counter({ name: 'hot_path_ticks_total', help: 'Quotes received from the price stream (rate() gives ticks per second)', labelNames: ['account', 'instrument'], registers }),
    decisions: new Counter({ name: 'hot_path_decisions_total', help: 'Decisions on completed bars, by instrument and outcome', labelNames: ['account', 'instrument', 'outcome'], registers }),
    warmupBarsLeft: new Gauge({ name: 'hot_path_warmup_bars_left', help: 'Bars the active strategy still needs before it may trade', labelNames: ['account', 'instrument'], registers }),
    orders: new Counter({ name: 'hot_path_orders_total', help: 'Orders sent to the broker', labelNames: ['account', 'instrument'], registers }),
    rejects: new Counter({ name: 'hot_path_order_rejects_total', help: 'Orders the broker refused or cancelled', labelNames: ['account', 'instrument'], registers }),
    fills: new Counter({ name: 'hot_path_fills_total', help: 'Fills seen in the broker transactions, by reason', labelNames: ['account', 'reason'], registers }),
    streamReconnects: new Counter({ name: 'hot_path_price_stream_reconnects_total', help: 'Price stream reconnect attempts', labelNames: ['account'], registers }),
    escalations: new Counter({ name: 'hot_path_escalations_total', help: 'Emergency stops requested', labelNames: ['account', 'breaker'], registers }),
    writerQueueDepth: new Gauge({ name: 'hot_path_writer_queue_depth', help: 'Records waiting to be written to Postgres', labelNames: ['account'], registers }),
    writerFull: new Gauge({ name: 'hot_path_writer_full', help: '1 while the record writer is full and trading is stopped', labelNames: ['account'], registers }),
    paramsVersion: new Gauge({ name: 'hot_path_params_version', help: 'Active strategy_params version traded', labelNames: ['account', 'strategy'], registers }),
    reconciled: new Gauge({ name: 'hot_path_reconciled', help: '1 once start-up reconciliation succeeded', labelNames: ['account'], registers }),
  };
}

/**
 * One account's view of the series. The instruments traded start every per-instrument series at zero, so "no
 * rejects yet" is a 0, not a missing series.
 */
export function accountHotPathMetrics(families: HotPathMetricFamilies, account: string, instruments: readonly string[] = []) {
  const f = families;
  const metrics = {
    decisionLatency: { observe: (seconds: number) => f.decisionLatency.observe({ account }, seconds) },
    tickToAck: { observe: (seconds: number) => f.tickToAck.observe({ account }, seconds) },
    ticks: { inc: (labels: { instrument: string }) => f.ticks.inc({ ...labels, account }) },
    decisions: { inc: (labels: { instrument: string; outcome: string }) => f.decisions.inc({ ...labels, account }) },
    warmupBarsLeft: { set: (labels: { instrument: string }, bars: number) => f.warmupBarsLeft.set({ ...labels, account }, bars) },
    orders: { inc: (labels: { instrument: string }) => f.orders.inc({ ...labels, account }) },
    rejects: { inc: (labels: { instrument: string }) => f.rejects.inc({ ...labels, account }) },
    fills: { inc: (labels: { reason: string }) => f.fills.inc({ ...labels, account }) },
    streamReconnects: { inc: () => f.streamReconnects.inc({ account }) },
    escalations: { inc: (labels: { breaker: string }) => f.escalations.inc({ ...labels, account }) },
    writerQueueDepth: { set: (depth: number) => f.writerQueueDepth.set({ account }, depth) },
    writerFull: { set: (full: number) => f.writerFull.set({ account }, full) },
    paramsVersion: { set: (labels: { strategy: string }, version: number) => f.paramsVersion.set({ ...labels, account }, version) },
    reconciled: { set: (reconciled: number) => f.reconciled.set({ account }, reconciled) },
    setTradingState(state: TradingState): void {
      for (const candidate of TRADING_STATES) f.tradingState.set({ account, state: candidate }, candidate === state ? 1 : 0);
    },
  };
  // Every series the process always had starts at zero, so dashboards and alerts see the account from its start.
  f.decisionLatency.zero({ account });
  f.tickToAck.zero({ account });
  f.streamReconnects.inc({ account }, 0);
  for (const gauge of [f.writerQueueDepth, f.writerFull, f.reconciled]) gauge.set({ account }, 0);
  for (const instrument of instruments) {
    for (const counter of [f.ticks, f.orders, f.rejects]) counter.inc({ account, instrument }, 0);
    for (const outcome of DECISION_OUTCOMES) f.decisions.inc({ account, instrument, outcome }, 0);
  }
  return metrics;
}

/** The series of a process trading one account (tests and benchmarks). */
export function createHotPathMetrics(registry: Registry, instruments: readonly string[] = [], account = 'default'): HotPathMetrics {
  return accountHotPathMetrics(hotPathMetricFamilies(registry), account, instruments);
}
