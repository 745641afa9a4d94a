import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TradingState } from '../../domain/risk/trading-state';
import { DECISION_OUTCOMES } from '../../infra/db/schema/hot-path';

const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/** Decision service time: most ticks take a few microseconds, a bar-completing one tens. */
const DECISION_BUCKETS_SECONDS = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 5e-3, 1e-2];
/** Tick → acknowledged spans the broker round trips: a millisecond on loopback, hundreds to OANDA. */
const ACK_BUCKETS_SECONDS = [5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1, 2, 5];

export type HotPathMetrics = ReturnType<typeof createHotPathMetrics>;

/** The instruments traded start every per-instrument series at zero, so "no rejects yet" is a 0, not a missing series. */
export function createHotPathMetrics(registry: Registry, instruments: readonly string[] = []) {
  const registers = [registry];
  const tradingState = new Gauge({ name: 'hot_path_trading_state', help: 'Effective trading state of the engine (1 for the current one)', labelNames: ['state'], registers });
  const metrics = {
    decisionLatency: new Histogram({ name: 'hot_path_decision_latency_seconds', help: 'Tick received to decision made', buckets: DECISION_BUCKETS_SECONDS, registers }),
    tickToAck: new Histogram({ name: 'hot_path_tick_to_order_ack_seconds', help: 'Tick received to order acknowledged by the broker', buckets: ACK_BUCKETS_SECONDS, registers }),
    ticks: new Counter({ name: 'hot_path_ticks_total', help: 'Quotes received from the price stream (rate() gives ticks per second)', labelNames: ['instrument'], registers }),
    decisions: new Counter({ name: 'hot_path_decisions_total', help: 'Decisions on completed bars, by instrument and outcome', labelNames: ['instrument', 'outcome'], registers }),
    warmupBarsLeft: new Gauge({ name: 'hot_path_warmup_bars_left', help: 'Bars the active strategy still needs before it may trade', labelNames: ['instrument'], registers }),
    orders: new Counter({ name: 'hot_path_orders_total', help: 'Orders sent to the broker', labelNames: ['instrument'], registers }),
    rejects: new Counter({ name: 'hot_path_order_rejects_total', help: 'Orders the broker refused or cancelled', labelNames: ['instrument'], registers }),
    fills: new Counter({ name: 'hot_path_fills_total', help: 'Fills seen in the broker transactions, by reason', labelNames: ['reason'], registers }),
    streamReconnects: new Counter({ name: 'hot_path_price_stream_reconnects_total', help: 'Price stream reconnect attempts', registers }),
    escalations: new Counter({ name: 'hot_path_escalations_total', help: 'Emergency stops requested', labelNames: ['breaker'], registers }),
    writerQueueDepth: new Gauge({ name: 'hot_path_writer_queue_depth', help: 'Records waiting to be written to Postgres', registers }),
    writerFull: new Gauge({ name: 'hot_path_writer_full', help: '1 while the record writer is full and trading is stopped', registers }),
    paramsVersion: new Gauge({ name: 'hot_path_params_version', help: 'Active strategy_params version traded', labelNames: ['strategy'], registers }),
    reconciled: new Gauge({ name: 'hot_path_reconciled', help: '1 once start-up reconciliation succeeded', registers }),
    setTradingState(state: TradingState): void {
      for (const candidate of TRADING_STATES) tradingState.set({ state: candidate }, candidate === state ? 1 : 0);
    },
  };
  for (const instrument of instruments) {
    for (const counter of [metrics.ticks, metrics.orders, metrics.rejects]) counter.inc({ instrument }, 0);
    for (const outcome of DECISION_OUTCOMES) metrics.decisions.inc({ instrument, outcome }, 0);
  }
  return metrics;
}
