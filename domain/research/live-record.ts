import { sharpeEstimate, type SharpeEstimate } from './deflated-sharpe';
import type { Objective } from './objective';
import { segmentMetrics } from './segment-metrics';

/** A realized (full or partial) close of a trade the version opened, in the account currency. */
export interface TradeClose {
  tradeId: string;
  timeMs: number;
  realizedPl: number;
}

export interface LiveRecordInput {
  /** Closes of the version's trades; those outside the record's complete periods are left out. */
  closes: readonly TradeClose[];
  /** Trades the version opened inside the record's complete periods, closed or still open. */
  tradesOpened: number;
  fromMs: number;
  toMs: number;
  /** Length of a return period, e.g. a day. */
  periodMs: number;
  /** What the P/L is a return on (the accounts' NAV when the window began); unknown: totals only, no returns. */
  capital?: number;
  objective: Objective;
}

/** How a version did with real (paper or live) money, from its realized closes in complete periods. */
export interface LiveRecord {
  /** Complete periods from fromMs: the record ends at fromMs + periods × periodMs, whatever it counts. */
  periods: number;
  /** False when the capital is unknown: trades and P/L are counted, but there are no returns to score. */
  scored: boolean;
  tradesOpened: number;
  /** Trades with at least one realized close in the record. */
  tradesClosed: number;
  realizedPl: number;
  /** Share of closed trades whose closes in the record sum to a profit. */
  winRate: number;
  totalReturn: number;
  /** The objective over the periods' realized returns (calendar periods, annualized), capped like trial scores. */
  objectiveValue: number;
  objective: Objective;
  maxDrawdown: number;
  /** The per-period Sharpe estimate behind the returns (with their skewness and kurtosis), once there are two. */
  sharpe?: SharpeEstimate;
  /** Periods a year the objective is annualized by: calendar periods. */
  periodsPerYear: number;
}

const CALENDAR_MS_PER_YEAR = 365.25 * 86_400_000;

export interface RealizedTotals {
  /** Trades with at least one realized close. */
  tradesClosed: number;
  realizedPl: number;
  /** Share of those trades whose closes sum to a profit. */
  winRate: number;
}

/** What a set of closes realized, trade by trade. */
export function realizedTotals(closes: readonly TradeClose[]): RealizedTotals {
  const plByTrade = new Map<string, number>();
  let realizedPl = 0;
  for (const close of closes) {
    if (!Number.isFinite(close.realizedPl)) throw new RangeError(`trade ${close.tradeId} has a non-finite realized P/L`);
    plByTrade.set(close.tradeId, (plByTrade.get(close.tradeId) ?? 0) + close.realizedPl);
    realizedPl += close.realizedPl;
  }
  const wins = [...plByTrade.values()].filter((pl) => pl > 0).length;
  return { tradesClosed: plByTrade.size, realizedPl, winRate: plByTrade.size === 0 ? 0 : wins / plByTrade.size };
}

/** Where a record from fromMs ends when it covers only complete periods up to toMs. */
export function completePeriodsEnd(fromMs: number, toMs: number, periodMs: number): number {
  return fromMs + Math.floor((toMs - fromMs) / periodMs) * periodMs;
}

/**
 * The version's realized record over the complete periods since fromMs: P/L per period (24-hour blocks from the
 * version's activation, weekends included) as a return on the capital it compounds from, scored with the same
 * objective as its sandbox test. Trade counts, P/L and returns all cover the same periods, so a record is never
 * judged on trades whose returns it has not counted. Realized P/L only: a trade still open has not counted yet (it
 * is judged on closes, the way the broker books them).
 */
export function liveRecord(input: LiveRecordInput): LiveRecord {
  const { fromMs, toMs, periodMs, capital, objective } = input;
  if (!(periodMs > 0)) throw new RangeError(`periodMs must be positive, got ${periodMs}`);
  if (!(toMs >= fromMs)) throw new RangeError(`the window must not end (${toMs}) before it starts (${fromMs})`);
  if (capital !== undefined && !(capital > 0)) throw new RangeError(`capital must be positive, got ${capital}`);
  const periods = Math.floor((toMs - fromMs) / periodMs);
  const endMs = completePeriodsEnd(fromMs, toMs, periodMs);
  const closes = input.closes.filter((close) => close.timeMs >= fromMs && close.timeMs < endMs);

  const { tradesClosed, realizedPl, winRate } = realizedTotals(closes);
  const plByPeriod = new Array<number>(periods).fill(0);
  for (const close of closes) plByPeriod[Math.floor((close.timeMs - fromMs) / periodMs)]! += close.realizedPl;

  const returns = new Float64Array(capital === undefined ? 0 : periods);
  let equity = capital ?? 0;
  for (let k = 0; k < returns.length; k++) {
    // A loss beyond the capital leaves nothing to compound from: the record stops at -100%.
    returns[k] = equity > 0 ? Math.max(-1, plByPeriod[k]! / equity) : 0;
    equity += plByPeriod[k]!;
  }
  const periodsPerYear = CALENDAR_MS_PER_YEAR / periodMs;
  const metrics = segmentMetrics(returns, tradesClosed, periodsPerYear, objective);
  return {
    periods,
    scored: capital !== undefined,
    tradesOpened: input.tradesOpened,
    tradesClosed,
    realizedPl,
    winRate,
    totalReturn: metrics.totalReturn,
    objectiveValue: metrics.objective,
    objective,
    maxDrawdown: metrics.maxDrawdown,
    ...(returns.length >= 2 && { sharpe: sharpeEstimate(returns) }),
    periodsPerYear,
  };
}
