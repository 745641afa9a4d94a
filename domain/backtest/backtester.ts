import type { InstrumentSpec } from '../market';
import { pipSize } from '../market';
import { quoteToAccountConverter } from '../sizing/quote-conversion';
import { riskFractionUnits } from '../sizing/risk-fraction';
import type { ParameterValues } from '../strategies/parameter-space';
import { emptyBar, readBar } from '../strategies/define-strategy';
import type { StrategyDefinition, StreamingStrategy } from '../strategies/types';
import type { CandleSeries } from './candle-series';
import { marketFillPrice, orderIsDue, stopLossFillPrice, takeProfitFillPrice, type Side } from './fill-rule';
import { performanceMetrics, type PerformanceMetrics } from './metrics';
import type { ExitReason, Trade } from './trade';

export interface BacktestConfig {
  instrument: InstrumentSpec;
  accountCurrency: string;
  initialEquityAccount: number;
  /** Share of equity lost if a stop is hit; sizes every entry. */
  riskFraction: number;
  /** Annualization factor of the bar period (see periodsPerYear). */
  periodsPerYear: number;
  /** Commission on each fill's notional, in basis points. Default 0. */
  commissionBps?: number;
  /** Adverse move applied to market and stop fills. Default 0. */
  slippagePips?: number;
  /** Take profit at this many stop distances from the entry; none when absent. */
  takeProfitStopMultiple?: number;
  /** Quote→account rate for instruments where neither currency is the account's (e.g. EUR_JPY in a USD account). */
  quoteToAccountCrossRate?: number;
}

export interface BacktestResult {
  /** Cash plus open P/L at each bar's close; the last value is after the closing-out of any open position. */
  equity: Float64Array;
  cash: Float64Array;
  /** Signed units held at each bar's close. */
  positionUnits: Float64Array;
  trades: Trade[];
  metrics: PerformanceMetrics;
}

/**
 * Replays a series bar by bar through a streaming strategy, the same object the live loop drives, under the rules
 * of fill-rule.ts. At each bar: a pending order fills at the open, stops and take-profits are checked inside the
 * bar, the strategy sees the completed bar, and the position is marked at the close.
 */
export function runBacktest(series: CandleSeries, strategy: StreamingStrategy, config: BacktestConfig): BacktestResult {
  const n = series.length;
  const { instrument, riskFraction } = config;
  const slippagePrice = (config.slippagePips ?? 0) * pipSize(instrument.name);
  const commissionRate = (config.commissionBps ?? 0) / 10_000;
  const takeProfitMultiple = config.takeProfitStopMultiple ?? Number.NaN;
  if (!(config.initialEquityAccount > 0)) throw new RangeError(`initialEquityAccount must be positive, got ${config.initialEquityAccount}`);
  const rateAt = quoteToAccountConverter(instrument.name, config.accountCurrency, config.quoteToAccountCrossRate);

  const equity = new Float64Array(n);
  const cash = new Float64Array(n);
  const positionUnits = new Float64Array(n);
  const trades: Trade[] = [];
  const bar = emptyBar();
  const mid = series.mid;

  let cashAccount = config.initialEquityAccount;
  let open: Trade | undefined;
  let lastActedDirection = 0;
  let orderPending = false;
  let pendingDirection = 0;
  let pendingStopDistance = Number.NaN;

  const close = (index: number, price: number, reason: ExitReason, midPrice: number): void => {
    const trade = open!;
    const rate = rateAt(midPrice);
    const exitNotional = trade.units * price * rate;
    const exitCommission = exitNotional * commissionRate;
    const profit = trade.direction * trade.units * (price - trade.entryPrice) * rate;
    cashAccount += profit - exitCommission;
    trade.exitIndex = index;
    trade.exitTimeMs = series.timeMs[index]!;
    trade.exitPrice = price;
    trade.exitReason = reason;
    trade.exitNotionalAccount = exitNotional;
    trade.commissionAccount += exitCommission;
    trade.profitAccount = profit - trade.commissionAccount;
    trades.push(trade);
    open = undefined;
  };

  const enter = (index: number, direction: Side, stopDistance: number): void => {
    const price = marketFillPrice(direction, series.bidOpen[index]!, series.askOpen[index]!, slippagePrice);
    const rate = rateAt(mid.open[index]!);
    const { units } = riskFractionUnits({ equityAccount: cashAccount, riskFraction, stopDistancePrice: stopDistance, quoteToAccountRate: rate, instrument });
    if (units === 0) return;
    const entryNotional = units * price * rate;
    const commission = entryNotional * commissionRate;
    cashAccount -= commission;
    open = {
      direction, units, entryIndex: index, entryTimeMs: series.timeMs[index]!, entryPrice: price,
      stopPrice: price - direction * stopDistance, takeProfitPrice: price + direction * stopDistance * takeProfitMultiple,
      exitIndex: -1, exitTimeMs: Number.NaN, exitPrice: Number.NaN, exitReason: 'end-of-data', barsHeld: 0,
      entryNotionalAccount: entryNotional, exitNotionalAccount: 0, commissionAccount: commission, profitAccount: 0,
    };
  };

  for (let i = 0; i < n; i++) {
    if (orderPending) {
      if (open) close(i, marketFillPrice(-open.direction as Side, series.bidOpen[i]!, series.askOpen[i]!, slippagePrice), 'signal', mid.open[i]!);
      if (pendingDirection !== 0) enter(i, pendingDirection as Side, pendingStopDistance);
      orderPending = false;
    }

    if (open) {
      const long = open.direction === 1;
      const exitOpen = long ? series.bidOpen[i]! : series.askOpen[i]!;
      const exitHigh = long ? series.bidHigh[i]! : series.askHigh[i]!;
      const exitLow = long ? series.bidLow[i]! : series.askLow[i]!;
      const stopFill = stopLossFillPrice(open.direction, open.stopPrice, exitOpen, exitHigh, exitLow, slippagePrice);
      if (!Number.isNaN(stopFill)) close(i, stopFill, 'stop-loss', mid.close[i]!);
      else {
        const takeProfitFill = takeProfitFillPrice(open.direction, open.takeProfitPrice, exitOpen, exitHigh, exitLow);
        if (!Number.isNaN(takeProfitFill)) close(i, takeProfitFill, 'take-profit', mid.close[i]!);
      }
    }

    const signal = strategy.update(readBar(mid, i, bar));
    if (orderIsDue(lastActedDirection, signal.direction) && i + 1 < n) {
      orderPending = true;
      pendingDirection = signal.direction;
      pendingStopDistance = signal.stopDistance;
      lastActedDirection = signal.direction;
    }

    let openProfit = 0;
    if (open) {
      open.barsHeld++;
      const markPrice = open.direction === 1 ? series.bidClose[i]! : series.askClose[i]!;
      openProfit = open.direction * open.units * (markPrice - open.entryPrice) * rateAt(mid.close[i]!);
      positionUnits[i] = open.direction * open.units;
    }
    cash[i] = cashAccount;
    equity[i] = cashAccount + openProfit;
  }

  if (open && n > 0) {
    const last = n - 1;
    const exitPrice = marketFillPrice(-open.direction as Side, series.bidClose[last]!, series.askClose[last]!, slippagePrice);
    close(last, exitPrice, 'end-of-data', mid.close[last]!);
    positionUnits[last] = 0;
    cash[last] = cashAccount;
    equity[last] = cashAccount;
  }

  return { equity, cash, positionUnits, trades, metrics: performanceMetrics(equity, trades, config.periodsPerYear) };
}

export function backtestStrategy<P extends ParameterValues>(series: CandleSeries, strategy: StrategyDefinition<P>, params: P, config: BacktestConfig): BacktestResult {
  return runBacktest(series, strategy.createStreaming(params), config);
}
