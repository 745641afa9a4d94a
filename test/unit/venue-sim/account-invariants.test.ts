import fc from 'fast-check';
import { INSTRUMENTS } from '../../../domain/market';
import type { AccountRecord } from '../../../infra/venue-sim/engine/account-state';
import { createInitialState } from '../../../infra/venue-sim/engine/initial-state';
import { cancelOrderCommand, closePosition, closeTrade, placeOrder } from '../../../infra/venue-sim/engine/order-commands';
import { Venue } from '../../../infra/venue-sim/engine/venue';
import { sharedPricePath } from '../../../infra/venue-sim/price/shared-price-path';
import { quoteAt } from '../../../infra/venue-sim/price/quotes';
import { renderAccountSummary, renderPosition } from '../../../infra/venue-sim/wire/render-account';

const HISTORY_START_MS = Date.UTC(2026, 5, 1);
const INSTRUMENT_NAMES = Object.keys(INSTRUMENTS);

type Action =
  | { kind: 'market'; instrument: number; units: number; protect: boolean }
  | { kind: 'limit'; instrument: number; units: number; offsetFraction: number }
  | { kind: 'closeTrade'; pick: number }
  | { kind: 'closePosition'; instrument: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('market' as const), instrument: fc.nat(7), units: fc.integer({ min: -300_000, max: 300_000 }).filter((u) => u !== 0), protect: fc.boolean() }),
  fc.record({ kind: fc.constant('limit' as const), instrument: fc.nat(7), units: fc.integer({ min: -50_000, max: 50_000 }).filter((u) => u !== 0), offsetFraction: fc.double({ min: -0.003, max: 0.003, noNaN: true }) }),
  fc.record({ kind: fc.constant('closeTrade' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('closePosition' as const), instrument: fc.nat(7) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1000, max: 2 * 86_400_000 }) }),
);

function run(venue: Venue, account: AccountRecord, a: Action): void {
  const instrument = 'instrument' in a ? INSTRUMENT_NAMES[a.instrument]! : '';
  const precision = instrument ? INSTRUMENTS[instrument]!.displayPrecision : 0;
  if (a.kind === 'market') {
    const mid = quoteAt(venue.path, instrument, venue.now()).mid;
    const protection = a.protect ? { stopLossOnFill: { distance: (mid * 0.002).toFixed(precision) }, takeProfitOnFill: { price: (mid * (a.units > 0 ? 1.003 : 0.997)).toFixed(precision) } } : {};
    venue.command((ctx) => placeOrder(ctx, account, { order: { type: 'MARKET', instrument, units: String(a.units), ...protection } }));
  } else if (a.kind === 'limit') {
    const price = (quoteAt(venue.path, instrument, venue.now()).mid * (1 + a.offsetFraction)).toFixed(precision);
    venue.command((ctx) => placeOrder(ctx, account, { order: { type: 'LIMIT', instrument, units: String(a.units), price } }));
  } else if (a.kind === 'closeTrade') {
    const open = account.trades.filter((t) => t.currentUnits !== 0);
    if (open.length > 0) venue.command((ctx) => closeTrade(ctx, account, String(open[a.pick % open.length]!.id), { units: 'ALL' }));
  } else if (a.kind === 'closePosition') {
    venue.command((ctx) => closePosition(ctx, account, instrument, undefined));
  } else if (a.kind === 'cancel') {
    const pending = account.orders.filter((o) => o.state === 'PENDING');
    if (pending.length > 0) venue.command((ctx) => cancelOrderCommand(ctx, account, pending[a.pick % pending.length]!.id));
  }
}

describe('venue simulator account invariants under random trading', () => {
  it('keeps NAV = balance + unrealized P/L, balance = deposits + realized P/L + financing, positions = Σ fills', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 25 }), (actions) => {
        let nowMs = HISTORY_START_MS + 86_400_000;
        const state = createInitialState(5, HISTORY_START_MS, [{ id: '101-001-0000001-001', balance: 100_000 }], nowMs);
        const venue = new Venue(state, sharedPricePath(5, HISTORY_START_MS), () => nowMs, () => undefined);
        const account = state.accounts[0]!;
        for (const a of actions) {
          if (a.kind === 'wait') nowMs += a.ms;
          run(venue, account, a);
          venue.advance();
          const summary = renderAccountSummary(venue.path, account, nowMs);
          expect(Number(summary.NAV)).toBeCloseTo(Number(summary.balance) + Number(summary.unrealizedPL), 3);
          const booked = account.transactions.reduce((sum, t) => sum + Number(t.type === 'ORDER_FILL' ? t.pl : t.type === 'DAILY_FINANCING' ? t.financing : 0), 0);
          expect(Number(summary.balance)).toBeCloseTo(100_000 + booked, 3);
          expect(account.transactions.map((t) => Number(t.id))).toEqual(account.transactions.map((_, i) => i + 1));
          for (const instrument of INSTRUMENT_NAMES) {
            const filled = account.transactions.filter((t) => t.type === 'ORDER_FILL' && t.instrument === instrument).reduce((sum, t) => sum + Number(t.units), 0);
            const position = renderPosition(venue.path, account, instrument, nowMs) as { long: { units: string }; short: { units: string } };
            expect(Number(position.long.units) + Number(position.short.units)).toBe(filled);
            expect(Math.min(Math.abs(Number(position.long.units)), Math.abs(Number(position.short.units)))).toBe(0); // netting: one side at most
          }
        }
      }),
      { numRuns: 40, seed: 20260522 },
    );
  });
});
