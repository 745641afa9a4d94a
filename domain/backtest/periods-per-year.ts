import { granularityMs, type Granularity } from '../market';

/** FX trades around the clock five days a week: 52 weeks × 5 days of bars a year, the annualization factor for metrics. */
const TRADING_MS_PER_YEAR = 52 * 5 * 86_400_000;

export function periodsPerYear(granularity: Granularity): number {
  return TRADING_MS_PER_YEAR / granularityMs(granularity);
}
