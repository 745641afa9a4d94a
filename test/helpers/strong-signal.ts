import type { MarketDataActivities } from '../../activities/market-data/market-data-activities';

/**
 * The real market activities with the strategy's verdict fixed to a confident long wherever the candles are good:
 * a run always has an order to place, whatever the seeded market did last.
 */
export function withStrongLongSignal<T extends Pick<MarketDataActivities, 'analyzeMarket'>>(activities: T): T {
  return {
    ...activities,
    async analyzeMarket(input) {
      const real = await activities.analyzeMarket(input);
      return real.signal ? { ...real, signal: { ...real.signal, direction: 1, confidence: 0.9, stopDistance: 0.002 } } : real;
    },
  };
}
