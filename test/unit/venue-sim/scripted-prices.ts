import { ALWAYS_OPEN, type MarketHours } from '../../../infra/venue-sim/market/market-hours';
import type { PricePath } from '../../../infra/venue-sim/price/price-path';

/**
 * A price source with hand-set mids and spreads that change at given times, standing in for the seeded path so
 * fill and P/L arithmetic can be checked against numbers worked out by hand.
 */
export class ScriptedPrices {
  readonly historyStartMs = 0;

  constructor(readonly hours: MarketHours = ALWAYS_OPEN) {}
  private readonly changes: Array<{ instrument: string; fromMs: number; mid: number; spread: number }> = [];

  set(instrument: string, fromMs: number, mid: number, spread: number): this {
    this.changes.push({ instrument, fromMs, mid, spread });
    return this;
  }

  midAndSpreadAt(instrument: string, timeMs: number): { mid: number; spread: number } {
    const priceTimeMs = this.hours.priceTimeMs(instrument, timeMs);
    const current = this.changes.filter((c) => c.instrument === instrument && c.fromMs <= priceTimeMs).at(-1);
    if (!current) throw new Error(`no scripted price for ${instrument} at ${timeMs}`);
    return current;
  }

  /** Nothing to generate: the prices are set by hand. */
  ensureBars(): void {}

  barIndexAt(): number {
    return 0;
  }

  asPricePath(): PricePath {
    return this as unknown as PricePath;
  }
}
