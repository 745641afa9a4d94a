import type { MarketHours } from '../market/market-hours';
import { ALWAYS_OPEN } from '../market/market-hours';
import { PricePath } from './price-path';

const paths = new Map<string, PricePath>();

/**
 * One PricePath per (seed, history start, market hours) per process: the path is a pure function of the three, so
 * simulators started by the same test process share the bars already generated instead of regenerating a year each.
 */
export function sharedPricePath(seed: number, historyStartMs: number, hours: MarketHours = ALWAYS_OPEN): PricePath {
  const key = `${seed}:${historyStartMs}:${hours.name}`;
  let path = paths.get(key);
  if (!path) {
    path = new PricePath(seed, historyStartMs, hours);
    paths.set(key, path);
  }
  return path;
}
