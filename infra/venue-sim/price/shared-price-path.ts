import { PricePath } from './price-path';

const paths = new Map<string, PricePath>();

/**
 * One PricePath per (seed, history start) per process: the path is a pure function of both, so simulators started
 * by the same test process share the bars already generated instead of regenerating a year each.
 */
export function sharedPricePath(seed: number, historyStartMs: number): PricePath {
  const key = `${seed}:${historyStartMs}`;
  let path = paths.get(key);
  if (!path) {
    path = new PricePath(seed, historyStartMs);
    paths.set(key, path);
  }
  return path;
}
