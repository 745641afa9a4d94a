import type { Objective } from './objective';
import { segmentMetrics } from './segment-metrics';

/** A realized (full or partial) close of a trade the version opened, in the account currency. */
export interface TradeClose {
  tradeId: string;
  timeMs: number;
  realizedPl: number;
}

export interface LiveRecordInput {
  /** Closes of the version's trades inside [fromMs, toMs). */
  closes: readonly TradeClose[];
  /** Trades the version opened inside the window, closed or still open. */
  tradesOpened: number;
  fromMs: number;
  toMs: number;
  /** Length of a return period, e.g. a day. */
  periodMs: number;
  /** What the P/L is a return on (the accounts' NAV when the window began); unknown: totals only, no returns. */
  capital?: number;
  objective: Objective;
}

/** How a version did with real (paper or live) money, from its realized closes. */
export interface LiveRecord {
  /** Complete periods behind the returns; 0 when the capital is unknown. */
  periods: number;
  tradesOpened: number;
  /** Trades with at least one realized close in the window. */
  tradesClosed: number;
  realizedPl: number;
  /** Share of closed trades whose closes in the window sum to a profit. */
  winRate: number;
  totalReturn: number;
  /** The objective over the periods' realized returns (calendar periods, annualized), capped like trial scores. */
  objectiveValue: number;
  objective: Objective;
  maxDrawdown: number;
}

const CALENDAR_MS_PER_YEAR = 365.25 * 86_400_000;

/**
 * The version's realized record: P/L per calendar period as a return on the capital it compounds from, scored with
 * the same objective as its sandbox test. Realized P/L only: a trade still open has not counted yet, so the record
 * lags open positions (it is judged on closes, the way the broker books them).
 */
export function liveRecord(input: LiveRecordInput): LiveRecord {
  const { closes, fromMs, toMs, periodMs, capital, objective } = input;
  if (!(periodMs > 0)) throw new RangeError(`periodMs must be positive, got ${periodMs}`);
  if (!(toMs >= fromMs)) throw new RangeError(`the window must not end (${toMs}) before it starts (${fromMs})`);
  if (capital !== undefined && !(capital > 0)) throw new RangeError(`capital must be positive, got ${capital}`);

  const plByTrade = new Map<string, number>();
  let realizedPl = 0;
  for (const close of closes) {
    if (!Number.isFinite(close.realizedPl)) throw new RangeError(`trade ${close.tradeId} has a non-finite realized P/L`);
    plByTrade.set(close.tradeId, (plByTrade.get(close.tradeId) ?? 0) + close.realizedPl);
    realizedPl += close.realizedPl;
  }
  const wins = [...plByTrade.values()].filter((pl) => pl > 0).length;

  const periods = capital === undefined ? 0 : Math.floor((toMs - fromMs) / periodMs);
  const plByPeriod = new Array<number>(periods).fill(0);
  for (const close of closes) {
    const period = Math.floor((close.timeMs - fromMs) / periodMs);
    if (period >= 0 && period < periods) plByPeriod[period]! += close.realizedPl;
  }
  const returns = new Float64Array(periods);
  let equity = capital ?? 0;
  for (let k = 0; k < periods; k++) {
    // A loss beyond the capital leaves nothing to compound from: the record stops at -100%.
    returns[k] = equity > 0 ? Math.max(-1, plByPeriod[k]! / equity) : 0;
    equity += plByPeriod[k]!;
  }
  const metrics = segmentMetrics(returns, plByTrade.size, CALENDAR_MS_PER_YEAR / periodMs, objective);
  return {
    periods,
    tradesOpened: input.tradesOpened,
    tradesClosed: plByTrade.size,
    realizedPl,
    winRate: plByTrade.size === 0 ? 0 : wins / plByTrade.size,
    totalReturn: metrics.totalReturn,
    objectiveValue: metrics.objective,
    objective,
    maxDrawdown: metrics.maxDrawdown,
  };
}
