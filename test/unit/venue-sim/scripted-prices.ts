import type { AccountRecord } from '../../../infra/venue-sim/engine/account-state';
import { createInitialState } from '../../../infra/venue-sim/engine/initial-state';
import type { CommandContext } from '../../../infra/venue-sim/engine/order-commands';
import { advanceAccount } from '../../../infra/venue-sim/engine/time-advance';
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

/**
 * An account of 100,000 USD on these prices, and `at(nowMs)`: the account brought up to nowMs (orders triggered,
 * financing booked) and the context of a command run then.
 */
export function accountOn(prices: ScriptedPrices): { account: AccountRecord; at: (nowMs: number) => CommandContext } {
  const account = createInitialState(42, 0, [{ id: '101-001-0000001-001', balance: 100_000 }], 0).accounts[0]!;
  let requests = 0;
  const at = (nowMs: number): CommandContext => {
    advanceAccount(prices.asPricePath(), account, nowMs, () => `r${++requests}`);
    return { path: prices.asPricePath(), nowMs, requestId: `r${++requests}` };
  };
  return { account, at };
}
