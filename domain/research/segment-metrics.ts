import { annualizedReturn, maxDrawdown, sharpeRatio, sortinoRatio } from '../backtest/metrics';
import { capRatio, type Objective } from './objective';
import { returnSpread } from './sample-moments';

/**
 * Performance over one stretch of bars. Returns and drawdowns are fractions; ratios are annualized and capped, and 0
 * for flat returns (all equal: no risk was taken that a ratio could reward).
 */
export interface SegmentMetrics {
  bars: number;
  trades: number;
  totalReturn: number;
  annualizedReturn: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  returnOverDrawdown: number;
  maxDrawdown: number;
  /** The chosen objective's value, the number trials are ranked by. */
  objective: number;
}

/** Equity of 1 compounded through the returns (length returns + 1). */
export function compoundedEquity(returns: ArrayLike<number>): Float64Array {
  const equity = new Float64Array(returns.length + 1);
  equity[0] = 1;
  for (let i = 0; i < returns.length; i++) equity[i + 1] = equity[i]! * (1 + returns[i]!);
  return equity;
}

export function segmentMetrics(returns: Float64Array, trades: number, periodsPerYear: number, objective: Objective): SegmentMetrics {
  const equity = compoundedEquity(returns);
  const totalReturn = equity[equity.length - 1]! - 1;
  const yearly = annualizedReturn(equity, periodsPerYear);
  const drawdown = maxDrawdown(equity).maxDrawdown;
  const flat = returnSpread(returns) === 0;
  const ratio = (value: number): number => (flat ? 0 : capRatio(value));
  const overDrawdown = (value: number): number => ratio(drawdown > 0 ? value / drawdown : value > 0 ? Infinity : 0);
  const metrics = {
    bars: returns.length,
    trades,
    totalReturn,
    annualizedReturn: yearly,
    sharpe: ratio(sharpeRatio(returns, periodsPerYear)),
    sortino: ratio(sortinoRatio(returns, periodsPerYear)),
    calmar: overDrawdown(yearly),
    returnOverDrawdown: overDrawdown(totalReturn),
    maxDrawdown: drawdown,
  };
  const byObjective: Record<Objective, number> = {
    sharpe: metrics.sharpe, sortino: metrics.sortino, calmar: metrics.calmar, return_over_drawdown: metrics.returnOverDrawdown,
  };
  return { ...metrics, objective: byObjective[objective] };
}

/** Bar returns compounded into consecutive blocks of `periodBars` (the last block may be shorter). */
export function periodReturns(barReturns: ArrayLike<number>, periodBars: number): number[] {
  if (!Number.isInteger(periodBars) || periodBars < 1) throw new RangeError(`periodBars must be a positive integer, got ${periodBars}`);
  const out: number[] = [];
  for (let start = 0; start < barReturns.length; start += periodBars) {
    let growth = 1;
    for (let i = start; i < Math.min(start + periodBars, barReturns.length); i++) growth *= 1 + barReturns[i]!;
    out.push(growth - 1);
  }
  return out;
}
