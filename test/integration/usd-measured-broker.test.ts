import { createBroker } from '../../infra/broker/create-broker';
import type { OandaBroker } from '../../infra/broker/oanda/oanda-broker';
import { UsdMeasuredBroker } from '../../infra/broker/usd-measured-broker';
import { resolveVenueConfig } from '../../infra/broker/venue-config';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';

const [USD_ACCOUNT, EUR_ACCOUNT] = ['101-001-0000001-001', '101-001-0000001-003'];
const START_MS = Date.UTC(2026, 10, 10, 14, 0, 0);

/**
 * The simulator's EUR account through the real adapter over HTTP: the venue keeps its balance and books its P/L in
 * euros, and UsdMeasuredBroker hands the product every amount in USD at the EUR_USD mid, while a USD account's answers
 * pass through as they are. The venue's clock stands still between steps, so both sides read the same prices.
 */
describe('a EUR account measured in USD', () => {
  let sim: VenueSimulator;
  let nowMs = START_MS;
  const opened: OandaBroker[] = [];
  const raw = (accountId: string) => {
    const broker = createBroker({ ...resolveVenueConfig({ BROKER_VENUE: 'sim', BROKER_URL: sim.url, BROKER_TOKEN: 'sim-token' }), accountId });
    opened.push(broker);
    return broker;
  };
  const eurUsdMid = async (broker: OandaBroker) => {
    const [quote] = await broker.prices(['EUR_USD']);
    return (quote!.bid + quote!.ask) / 2;
  };

  beforeAll(async () => {
    sim = await startVenueSimulator({ port: 0, seed: 21, clock: () => nowMs });
  });
  afterAll(async () => {
    opened.forEach((broker) => broker.close());
    await sim.close();
  });

  it('passes a USD account\'s figures through untouched', async () => {
    const venue = raw(USD_ACCOUNT);
    const measured = new UsdMeasuredBroker(venue, () => nowMs);
    expect(await measured.accountSummary()).toEqual(await venue.accountSummary());
  });

  it('books the EUR account in euros at the venue and converts every amount to USD for the product', async () => {
    const venue = raw(EUR_ACCOUNT);
    const measured = new UsdMeasuredBroker(venue, () => nowMs);
    const opening = await venue.accountSummary();
    expect([opening.currency, opening.balance]).toEqual(['EUR', 100_000]);

    const open = await venue.placeOrder({ type: 'MARKET', clientOrderId: 'eur-open-1', instrument: 'GBP_USD', units: 10_000 }, { lastKnownTransactionId: opening.lastTransactionId });
    nowMs += 3_600_000;
    const rate = await eurUsdMid(venue);
    expect(rate).toBeGreaterThan(0.5);

    const [summary, usdSummary] = [await venue.accountSummary(), await measured.accountSummary()];
    expect(usdSummary).toMatchObject({ currency: 'USD', balance: summary.balance * rate, nav: summary.nav * rate, unrealizedPl: summary.unrealizedPl * rate, marginUsed: summary.marginUsed * rate });
    expect(usdSummary.home).toEqual({ currency: 'EUR', balance: summary.balance, nav: summary.nav, realizedPl: summary.realizedPl, usdPerUnit: rate });
    const [[position], [usdPosition]] = [await venue.openPositions(), await measured.openPositions()];
    expect(usdPosition).toEqual({ ...position, unrealizedPl: position!.unrealizedPl * rate, realizedPl: position!.realizedPl * rate,
      long: { ...position!.long, unrealizedPl: position!.long.unrealizedPl * rate }, short: { ...position!.short, unrealizedPl: position!.short.unrealizedPl * rate } });
    const [[trade], [usdTrade]] = [await venue.openTrades(), await measured.openTrades()];
    expect(usdTrade).toEqual({ ...trade, unrealizedPl: trade!.unrealizedPl * rate, realizedPl: trade!.realizedPl * rate });

    const closed = await measured.closePosition({ instrument: 'GBP_USD', longUnits: 'ALL' });
    const [fill] = closed.fills;
    // GBP_USD's P/L is in dollars; the venue booked it in euros at EUR_USD, the product gets the dollars back.
    const dollars = (fill!.priceQuote! - open.fillPriceQuote!) * 10_000;
    expect(closed.realizedPl).toBeCloseTo(dollars, 1);
    const booked = (await venue.transactionsSince(open.transactionIds.at(-1)!)).transactions.find((transaction) => transaction.type === 'ORDER_FILL')!;
    expect(booked.realizedPl).toBeCloseTo(dollars / rate, 3);
    expect((await venue.accountSummary()).balance).toBeCloseTo(100_000 + booked.realizedPl!, 3);
    const usdBooked = (await measured.transactionsSince(open.transactionIds.at(-1)!)).transactions.find((transaction) => transaction.type === 'ORDER_FILL')!;
    expect(usdBooked.realizedPl).toBeCloseTo(booked.realizedPl! * rate, 6);
    expect(usdBooked.tradesClosed![0]!.realizedPl).toBeCloseTo(booked.tradesClosed![0]!.realizedPl * rate, 6);
  });
});
