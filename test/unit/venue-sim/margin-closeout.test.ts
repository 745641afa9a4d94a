import { createInitialState } from '../../../infra/venue-sim/engine/initial-state';
import { configureAccount } from '../../../infra/venue-sim/engine/modify-commands';
import { placeOrder } from '../../../infra/venue-sim/engine/order-commands';
import { Venue } from '../../../infra/venue-sim/engine/venue';
import { renderAccountSummary } from '../../../infra/venue-sim/wire/render-account';
import { V20Validator } from '../../contract/oanda-v20/v20-validator';
import { ScriptedPrices } from './scripted-prices';

describe('venue simulator margin closeout', () => {
  it('closes every position at the market once NAV is no more than half the margin used (hand-checked)', () => {
    // 40,000 EUR_USD bought at 1.10010 on 1000 USD: margin used 40,000 × mid × 2%.
    const prices = new ScriptedPrices()
      .set('EUR_USD', 0, 1.1, 0.0002)
      .set('EUR_USD', 10_000, 1.09, 0.0002) // NAV 1000 + (1.08990 - 1.10010) × 40,000 = 592 > 872 / 2: kept
      .set('EUR_USD', 20_000, 1.085, 0.0002); // NAV 1000 - 608 = 392 <= 868 / 2 = 434: closed out
    let nowMs = 1_000;
    const state = createInitialState(42, 0, [{ id: '101-001-0000001-001', balance: 1_000 }], 0);
    const venue = new Venue(state, prices.asPricePath(), () => nowMs, () => undefined);
    const account = state.accounts[0]!;
    venue.command((ctx) => placeOrder(ctx, account, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '40000' } }));

    nowMs = 15_000;
    venue.advance();
    expect(renderAccountSummary(venue.path, account, nowMs)).toMatchObject({ NAV: '592.0000', marginCloseoutPercent: '0.73649', openTradeCount: 1 });

    nowMs = 25_000;
    venue.advance();
    const [order, fill] = account.transactions.slice(-2);
    expect(order).toMatchObject({ type: 'MARKET_ORDER', reason: 'MARGIN_CLOSEOUT', units: '-40000', marginCloseout: { reason: 'MARGIN_CHECK_VIOLATION' } });
    expect(fill).toMatchObject({ type: 'ORDER_FILL', reason: 'MARKET_ORDER_MARGIN_CLOSEOUT', units: '-40000', price: '1.08490', pl: '-608.0000' });
    expect(renderAccountSummary(venue.path, account, nowMs)).toMatchObject({ balance: '392.0000', openTradeCount: 0, marginUsed: '0.0000' });
    // As v20's Transaction definition has them.
    const validator = new V20Validator();
    expect([order, fill].map((transaction) => validator.definition('Transaction', transaction))).toEqual([[], []]);
  });

  it('refuses a margin rate the open trades could not carry: a margin call, or a closeout at once', () => {
    // 10,000 EUR_USD on 1000 USD: NAV 998 (the spread), 11,000 USD of position.
    const prices = new ScriptedPrices().set('EUR_USD', 0, 1.1, 0.0002);
    const state = createInitialState(42, 0, [{ id: '101-001-0000001-001', balance: 1_000 }], 0);
    const venue = new Venue(state, prices.asPricePath(), () => 1_000, () => undefined);
    const account = state.accounts[0]!;
    venue.command((ctx) => placeOrder(ctx, account, { order: { type: 'MARKET', instrument: 'EUR_USD', units: '10000' } }));
    const configure = (marginRate: string) => venue.command((ctx) => configureAccount(ctx, account, { marginRate }));
    expect(configure('0.5')).toMatchObject({ status: 400, body: { errorCode: 'MARGIN_RATE_WOULD_TRIGGER_CLOSEOUT' } }); // 5,500 of margin
    expect(configure('0.1')).toMatchObject({ status: 400, body: { errorCode: 'MARGIN_RATE_WOULD_TRIGGER_MARGIN_CALL' } }); // 1,100
    expect(configure('0.05')).toMatchObject({ status: 200 }); // 550
    expect(account.marginRate).toBe(0.05);
  });
});
