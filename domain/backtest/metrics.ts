import { mean, sampleStdDev } from '../math/statistics';
import type { Trade } from './trade';

/** Returns and ratios are fractions (0.1 = 10%); ratios assume a zero risk-free rate. */
export interface PerformanceMetrics {
  totalReturn: number;
  annualizedReturn: number;
  annualizedVolatility: number;
  sharpe: number;
  sortino: number;
  /** Largest fall from a peak, as a fraction of the peak. */
  maxDrawdown: number;
  /** Longest stretch of bars spent below an earlier peak. */
  maxDrawdownDurationBars: number;
  calmar: number;
  winRate: number;
  profitFactor: number;
  /** Share of bar closes with a position open. */
  exposure: number;
  /** Traded notional (entries and exits) over mean equity, for the whole run. */
  turnover: number;
  numberOfTrades: number;
}

/** Simple returns between consecutive equity values. */
export function barReturns(equity: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(equity.length - 1, 0));
  for (let i = 1; i < equity.length; i++) returns[i - 1] = equity[i]! / equity[i - 1]! - 1;
  return returns;
}

/** A ratio with nothing to divide by: unbounded if the numerator is positive, else 0 (no edge). */
const ratio = (numerator: number, denominator: number): number => (denominator > 0 ? numerator / denominator : numerator > 0 ? Infinity : 0);

export function annualizedReturn(equity: Float64Array, periodsPerYear: number): number {
  if (equity.length < 2) return 0;
  const growth = equity[equity.length - 1]! / equity[0]!;
  return growth <= 0 ? -1 : growth ** (periodsPerYear / (equity.length - 1)) - 1;
}

export function annualizedVolatility(returns: Float64Array, periodsPerYear: number): number {
  return returns.length < 2 ? 0 : sampleStdDev(returns) * Math.sqrt(periodsPerYear);
}

export function sharpeRatio(returns: Float64Array, periodsPerYear: number): number {
  if (returns.length < 2) return 0;
  return ratio(mean(returns), sampleStdDev(returns)) * Math.sqrt(periodsPerYear);
}

/** Mean return over downside deviation sqrt(mean(min(r, 0)^2)), annualized. */
export function sortinoRatio(returns: Float64Array, periodsPerYear: number): number {
  if (returns.length === 0) return 0;
  let downsideSquares = 0;
  for (let i = 0; i < returns.length; i++) if (returns[i]! < 0) downsideSquares += returns[i]! ** 2;
  return ratio(mean(returns), Math.sqrt(downsideSquares / returns.length)) * Math.sqrt(periodsPerYear);
}

export function maxDrawdown(equity: Float64Array): { maxDrawdown: number; durationBars: number } {
  let peak = -Infinity;
  let peakIndex = 0;
  let deepest = 0;
  let longest = 0;
  for (let i = 0; i < equity.length; i++) {
    const value = equity[i]!;
    if (value >= peak) {
      peak = value;
      peakIndex = i;
    } else {
      deepest = Math.max(deepest, (peak - value) / peak);
      longest = Math.max(longest, i - peakIndex);
    }
  }
  return { maxDrawdown: deepest, durationBars: longest };
}

export function tradeStatistics(trades: readonly Trade[]): { winRate: number; profitFactor: number } {
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const trade of trades) {
    if (trade.profitAccount > 0) {
      wins++;
      grossProfit += trade.profitAccount;
    } else {
      grossLoss -= trade.profitAccount;
    }
  }
  return { winRate: trades.length === 0 ? 0 : wins / trades.length, profitFactor: ratio(grossProfit, grossLoss) };
}

export function performanceMetrics(equity: Float64Array, trades: readonly Trade[], periodsPerYear: number): PerformanceMetrics {
  if (equity.length === 0) throw new RangeError('performance metrics need an equity curve with at least one value');
  const returns = barReturns(equity);
  const yearly = annualizedReturn(equity, periodsPerYear);
  const drawdown = maxDrawdown(equity);
  let barsHeld = 0;
  let tradedNotional = 0;
  for (const trade of trades) {
    barsHeld += trade.barsHeld;
    tradedNotional += trade.entryNotionalAccount + trade.exitNotionalAccount;
  }
  return {
    totalReturn: equity[equity.length - 1]! / equity[0]! - 1,
    annualizedReturn: yearly,
    annualizedVolatility: annualizedVolatility(returns, periodsPerYear),
    sharpe: sharpeRatio(returns, periodsPerYear),
    sortino: sortinoRatio(returns, periodsPerYear),
    maxDrawdown: drawdown.maxDrawdown,
    maxDrawdownDurationBars: drawdown.durationBars,
    calmar: ratio(yearly, drawdown.maxDrawdown),
    ...tradeStatistics(trades),
    exposure: barsHeld / equity.length,
    turnover: tradedNotional / mean(equity),
    numberOfTrades: trades.length,
  };
}
