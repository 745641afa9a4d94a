import { candleSeriesFromCandles } from '../../domain/backtest/candle-series';
import type { Candle } from '../../domain/market';
import { getStrategy, latestSignal } from '../../domain/strategies';
import type { ResolvedStrategy, SignalSummary } from '../../workflows/definitions/analysis-to-trade';

/** The strategy's signal on the newest of these candles; flat until the strategy has warmed up. */
export function summarizeSignal(candles: readonly Candle[], strategy: ResolvedStrategy): SignalSummary {
  const series = candleSeriesFromCandles([...candles]);
  const latest = latestSignal(getStrategy(strategy.name), series.mid, strategy.params);
  return {
    direction: latest.warmedUp ? latest.direction : 0,
    confidence: latest.warmedUp ? latest.confidence : 0,
    stopDistance: latest.stopDistance,
    candleTimeMs: latest.timeMs,
    priceQuote: series.mid.close[series.length - 1]!,
  };
}
