export { backtestStrategy, runBacktest, type BacktestConfig, type BacktestResult } from './backtester';
export { candleSeriesFromCandles, candleSeriesFromColumns, type BidAskColumns, type CandleSeries } from './candle-series';
export { marketFillPrice, orderIsDue, stopLossFillPrice, takeProfitFillPrice, type Side } from './fill-rule';
export { annualizedReturn, annualizedVolatility, barReturns, maxDrawdown, performanceMetrics, sharpeRatio, sortinoRatio, tradeStatistics, type PerformanceMetrics } from './metrics';
export { periodsPerYear } from './periods-per-year';
export { syntheticCandleSeries, type SyntheticSeriesOptions } from './synthetic-series';
export type { ExitReason, Trade } from './trade';
