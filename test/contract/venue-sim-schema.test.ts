import { request as httpRequest } from 'node:http';
import { waitFor } from '../../infra/async/wait-for';
import { startVenueSimulator, type VenueSimulator } from '../../infra/venue-sim';
import { V20Validator } from './oanda-v20/v20-validator';

const TOKEN = 'schema-token';
const ACCOUNT = '101-001-0000001-001';
const START_MS = Date.UTC(2026, 0, 14, 20, 0, 0);

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** The operation as v20.json names it, e.g. /accounts/{accountID}/orders. */
  specPath: string;
  url: string;
  body?: unknown;
  auth?: boolean;
  /** Another simulator than the suite's. */
  sim?: VenueSimulator;
}

describe('venue simulator responses match the OANDA v20 specification', () => {
  let sim: VenueSimulator;
  let nowMs = START_MS;
  const validator = new V20Validator();
  const checked = new Set<string>();

  beforeAll(async () => {
    sim = await startVenueSimulator({ port: 0, tokens: [TOKEN], clock: () => nowMs, heartbeatMs: 50, historyStartMs: Date.UTC(2025, 0, 1) });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function call(c: Call): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${(c.sim ?? sim).url}${c.url}`, {
      method: c.method,
      headers: { ...(c.auth === false ? {} : { Authorization: `Bearer ${TOKEN}` }), 'Content-Type': 'application/json' },
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    });
    const body = (await response.json()) as Record<string, unknown>;
    const errors = validator.response(c.method, c.specPath, response.status, body);
    expect({ call: `${c.method} ${c.url} → ${response.status}`, errors }).toEqual({ call: `${c.method} ${c.url} → ${response.status}`, errors: [] });
    checked.add(`${c.method} ${c.specPath} ${response.status}`);
    return { status: response.status, body };
  }

  const acct = `/v3/accounts/${ACCOUNT}`;
  const order = (o: Record<string, unknown>): Call => ({ method: 'POST', specPath: '/accounts/{accountID}/orders', url: `${acct}/orders`, body: { order: o } });

  it('uses a validator that rejects invented fields, wrong decimals and mistyped transactions', () => {
    const fill = { id: '4', time: '2026-01-14T20:00:00.000000000Z', type: 'ORDER_FILL', units: '100', price: '1.10010' };
    expect(validator.definition('Transaction', fill)).toEqual([]);
    expect(validator.definition('Transaction', { ...fill, fillPrice: '1.1' })).not.toEqual([]);
    expect(validator.definition('Transaction', { ...fill, units: 100 })).not.toEqual([]);
    expect(validator.definition('Transaction', { ...fill, price: '1,10' })).not.toEqual([]);
    expect(validator.definition('Order', { id: '3', type: 'MARKET', state: 'FILLED', gtdTime: '2026-01-14T20:00:00Z', price: '1.1' })).not.toEqual([]);
  });

  it('validates account, instrument, candle and pricing reads', async () => {
    expect((await call({ method: 'GET', specPath: '/accounts', url: '/v3/accounts' })).status).toBe(200);
    expect((await call({ method: 'GET', specPath: '/accounts', url: '/v3/accounts', auth: false })).status).toBe(401);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}', url: acct })).status).toBe(200);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/summary', url: `${acct}/summary` })).status).toBe(200);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/summary', url: '/v3/accounts/999-999-9999999-999/summary' })).status).toBe(400);
    const instruments = await call({ method: 'GET', specPath: '/accounts/{accountID}/instruments', url: `${acct}/instruments` });
    expect((instruments.body.instruments as unknown[]).length).toBe(8);
    const candles = await call({ method: 'GET', specPath: '/instruments/{instrument}/candles', url: '/v3/instruments/EUR_USD/candles?granularity=M5&count=12&price=MBA' });
    expect((candles.body.candles as unknown[]).length).toBe(12);
    const ranged = await call({ method: 'GET', specPath: '/accounts/{accountID}/instruments/{instrument}/candles', url: `${acct}/instruments/XAU_USD/candles?granularity=H1&from=2026-01-13T00:00:00Z&to=2026-01-14T00:00:00Z&price=BA` });
    expect((ranged.body.candles as unknown[]).length).toBe(24);
    expect((await call({ method: 'GET', specPath: '/instruments/{instrument}/candles', url: '/v3/instruments/EUR_USD/candles?granularity=M5&count=5001' })).status).toBe(400);
    const pricing = await call({ method: 'GET', specPath: '/accounts/{accountID}/pricing', url: `${acct}/pricing?instruments=EUR_USD,USD_JPY,XAU_USD&includeHomeConversions=true` });
    expect((pricing.body.prices as unknown[]).length).toBe(3);
  });

  it('validates order, trade, position and transaction responses through a full trading session', async () => {
    const market = await call(order({ type: 'MARKET', instrument: 'EUR_USD', units: '10000', clientExtensions: { id: 'schema-1', tag: 't' }, takeProfitOnFill: { price: '1.90000' }, stopLossOnFill: { distance: '0.05000' }, tradeClientExtensions: { id: 'trade-1' } }));
    expect(market.status).toBe(201);
    expect(market.body.orderFillTransaction).toBeDefined();
    await call(order({ type: 'MARKET', instrument: 'USD_JPY', units: '-3000' }));
    const limit = await call(order({ type: 'LIMIT', instrument: 'GBP_USD', units: '1000', price: '0.50000', timeInForce: 'GTC', clientExtensions: { id: 'schema-limit' } }));
    expect(limit.body.orderFillTransaction).toBeUndefined();
    expect((await call(order({ type: 'LIMIT', instrument: 'AUD_USD', units: '1000', price: '0.40000', timeInForce: 'GTD', gtdTime: '2026-01-14T20:30:00Z' }))).status).toBe(201);
    const margin = await call(order({ type: 'MARKET', instrument: 'XAU_USD', units: '100000' }));
    expect(margin.body.orderCancelTransaction).toMatchObject({ reason: 'INSUFFICIENT_MARGIN' });
    for (const [o, code] of [
      [{ type: 'MARKET', instrument: 'EUR_USD', units: '0' }, 'UNITS_INVALID'],
      [{ type: 'MARKET', instrument: 'NOT_REAL', units: '5' }, 'INSTRUMENT_UNKNOWN'],
      [{ type: 'MARKET', instrument: 'EUR_USD', units: '5', clientExtensions: { id: 'schema-limit' } }, 'CLIENT_ORDER_ID_ALREADY_EXISTS'],
      [{ type: 'MARKET', instrument: 'EUR_USD', units: '5', tradeClientExtensions: { id: 'trade-1' } }, 'CLIENT_TRADE_ID_ALREADY_EXISTS'],
    ] as const) {
      const rejected = await call(order(o));
      expect(rejected.status).toBe(400);
      expect(rejected.body.errorCode).toBe(code);
    }
    expect((await call({ ...order({ type: 'MARKET', instrument: 'EUR_USD', units: '5' }), url: '/v3/accounts/999-999-9999999-999/orders' })).status).toBe(404);

    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/orders', url: `${acct}/orders?state=ALL&count=20` })).status).toBe(200);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/pendingOrders', url: `${acct}/pendingOrders` })).status).toBe(200);
    const byClientId = await call({ method: 'GET', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@schema-1` });
    expect(byClientId.body.order).toMatchObject({ state: 'FILLED', type: 'MARKET' });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@nobody` })).status).toBe(404);
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}/cancel', url: `${acct}/orders/@schema-limit/cancel` })).status).toBe(200);
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}/cancel', url: `${acct}/orders/@schema-limit/cancel` })).status).toBe(404);

    for (const [specPath, url] of [
      ['/accounts/{accountID}/positions', `${acct}/positions`],
      ['/accounts/{accountID}/openPositions', `${acct}/openPositions`],
      ['/accounts/{accountID}/positions/{instrument}', `${acct}/positions/EUR_USD`],
      ['/accounts/{accountID}/trades', `${acct}/trades?state=ALL`],
      ['/accounts/{accountID}/openTrades', `${acct}/openTrades`],
      ['/accounts/{accountID}/trades/{tradeSpecifier}', `${acct}/trades/@trade-1`],
      ['/accounts/{accountID}', acct],
    ] as const) {
      expect((await call({ method: 'GET', specPath, url })).status).toBe(200);
    }

    nowMs += 2 * 3_600_000; // past 17:00 New York (22:00 UTC): daily financing on the open trades, GTD expiry of the AUD_USD limit
    const partial = await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/close', url: `${acct}/trades/@trade-1/close`, body: { units: '4000' } });
    expect(partial.body.orderFillTransaction).toMatchObject({ tradeReduced: { units: '-4000' } });
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/close', url: `${acct}/trades/999/close`, body: { units: 'ALL' } })).status).toBe(404);
    const closed = await call({ method: 'PUT', specPath: '/accounts/{accountID}/positions/{instrument}/close', url: `${acct}/positions/USD_JPY/close`, body: { shortUnits: 'ALL' } });
    expect(closed.body.shortOrderFillTransaction).toBeDefined();
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/positions/{instrument}/close', url: `${acct}/positions/USD_JPY/close`, body: { shortUnits: 'ALL' } })).status).toBe(400);

    const all = await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions/sinceid', url: `${acct}/transactions/sinceid?id=0` });
    const types = new Set((all.body.transactions as Array<{ type: string }>).map((t) => t.type));
    expect([...types].sort()).toEqual(['CREATE', 'DAILY_FINANCING', 'LIMIT_ORDER', 'MARKET_ORDER', 'MARKET_ORDER_REJECT', 'ORDER_CANCEL', 'ORDER_FILL', 'STOP_LOSS_ORDER', 'TAKE_PROFIT_ORDER', 'TRANSFER_FUNDS']);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions/{transactionID}', url: `${acct}/transactions/3` })).status).toBe(200);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions/{transactionID}', url: `${acct}/transactions/100000` })).status).toBe(404);
  });

  it('validates the transaction list and id ranges, configuration and client extension changes', async () => {
    const listed = await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions', url: `${acct}/transactions?pageSize=5&type=ORDER_FILL,FUNDING` });
    expect(listed.body).toMatchObject({ pageSize: 5, type: ['ORDER_FILL', 'FUNDING'] });
    expect((listed.body.pages as string[])[0]).toMatch(/\/transactions\/idrange\?from=\d+&to=\d+&type=ORDER_FILL,FUNDING$/);
    const firstPage = new URL((listed.body.pages as string[])[0]!);
    const page = await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions/idrange', url: `${firstPage.pathname}${firstPage.search}` });
    expect((page.body.transactions as Array<{ type: string }>).map((t) => t.type).every((type) => ['ORDER_FILL', 'TRANSFER_FUNDS', 'DAILY_FINANCING'].includes(type))).toBe(true);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions', url: `${acct}/transactions?type=NOT_A_TYPE` })).status).toBe(400);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/transactions/idrange', url: `${acct}/transactions/idrange?from=5` })).status).toBe(400);

    const configured = await call({ method: 'PATCH', specPath: '/accounts/{accountID}/configuration', url: `${acct}/configuration`, body: { alias: 'schema desk', marginRate: '0.05' } });
    expect(configured.body.clientConfigureTransaction).toMatchObject({ type: 'CLIENT_CONFIGURE', alias: 'schema desk', marginRate: '0.05' });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/summary', url: `${acct}/summary` })).body.account).toMatchObject({ alias: 'schema desk', marginRate: '0.05' });
    const refused = await call({ method: 'PATCH', specPath: '/accounts/{accountID}/configuration', url: `${acct}/configuration`, body: { marginRate: '2' } });
    expect(refused.body).toMatchObject({ errorCode: 'MARGIN_RATE_INVALID', clientConfigureRejectTransaction: { type: 'CLIENT_CONFIGURE_REJECT' } });

    const stop = await call(order({ type: 'STOP', instrument: 'EUR_USD', units: '1000', price: '9.00000', priceBound: '9.10000', timeInForce: 'GFD', clientExtensions: { id: 'schema-stop' } }));
    expect(stop.body.orderCreateTransaction).toMatchObject({ type: 'STOP_ORDER', timeInForce: 'GFD' });
    const touched = await call(order({ type: 'MARKET_IF_TOUCHED', instrument: 'EUR_USD', units: '-1000', price: '9.00000', clientExtensions: { id: 'schema-mit' } }));
    expect(touched.body.orderCreateTransaction).toMatchObject({ type: 'MARKET_IF_TOUCHED_ORDER' });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@schema-mit` })).body.order).toMatchObject({ state: 'PENDING', initialMarketPrice: expect.any(String) });
    const replaced = await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@schema-stop`, body: { order: { type: 'STOP', instrument: 'EUR_USD', units: '2000', price: '8.00000', clientExtensions: { id: 'schema-stop' } } } });
    expect(replaced.status).toBe(201);
    expect(replaced.body.orderCancelTransaction).toMatchObject({ reason: 'CLIENT_REQUEST_REPLACED', clientOrderID: 'schema-stop' });
    const replacement = replaced.body.orderCreateTransaction as { id: string; replacesOrderID: string };
    expect(replacement).toMatchObject({ type: 'STOP_ORDER', reason: 'REPLACEMENT', units: '2000', replacesOrderID: (stop.body.orderCreateTransaction as { id: string }).id });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/${replacement.replacesOrderID}` })).body.order).toMatchObject({ state: 'CANCELLED', replacedByOrderID: replacement.id });
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@schema-stop`, body: { order: { type: 'STOP', instrument: 'EUR_USD', units: '0', price: '8.00000' } } })).status).toBe(400);
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/${replacement.replacesOrderID}`, body: { order: { type: 'STOP', instrument: 'EUR_USD', units: '1', price: '8.00000' } } })).status).toBe(404);
    const pending = await call(order({ type: 'LIMIT', instrument: 'GBP_USD', units: '1000', price: '0.50000', timeInForce: 'GTC', clientExtensions: { id: 'schema-ext' } }));
    expect(pending.status).toBe(201);
    const renamed = await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}/clientExtensions', url: `${acct}/orders/@schema-ext/clientExtensions`, body: { clientExtensions: { id: 'schema-ext-2', comment: 'renamed' }, tradeClientExtensions: { tag: 'x' } } });
    expect(renamed.body.orderClientExtensionsModifyTransaction).toMatchObject({ clientOrderID: 'schema-ext', clientExtensionsModify: { id: 'schema-ext-2' } });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/orders/{orderSpecifier}', url: `${acct}/orders/@schema-ext-2` })).body.order).toMatchObject({ clientExtensions: { id: 'schema-ext-2', comment: 'renamed' } });
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/orders/{orderSpecifier}/clientExtensions', url: `${acct}/orders/@nobody/clientExtensions`, body: { clientExtensions: { tag: 'x' } } })).status).toBe(404);

    const opened = await call(order({ type: 'MARKET', instrument: 'EUR_USD', units: '100', tradeClientExtensions: { id: 'schema-trade-ext' } }));
    const tradeId = (opened.body.orderFillTransaction as { tradeOpened: { tradeID: string } }).tradeOpened.tradeID;
    const tagged = await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions', url: `${acct}/trades/${tradeId}/clientExtensions`, body: { clientExtensions: { tag: 'hedge' } } });
    expect(tagged.body.tradeClientExtensionsModifyTransaction).toMatchObject({ tradeID: tradeId, clientTradeID: 'schema-trade-ext' });
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions', url: `${acct}/trades/${tradeId}/clientExtensions`, body: { clientExtensions: { id: 'trade-1' } } })).status).toBe(400);

    const tradeOrders = (body: unknown) => call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/orders', url: `${acct}/trades/${tradeId}/orders`, body });
    const set = await tradeOrders({ takeProfit: { price: '1.90000' }, stopLoss: { distance: '0.05000' } });
    expect(set.body.takeProfitOrderTransaction).toMatchObject({ type: 'TAKE_PROFIT_ORDER', reason: 'CLIENT_ORDER', tradeID: tradeId, price: '1.90000' });
    const stopLossId = (set.body.stopLossOrderTransaction as { id: string }).id;
    const moved = await tradeOrders({ stopLoss: { price: '0.50000' } });
    expect(moved.body.stopLossOrderCancelTransaction).toMatchObject({ orderID: stopLossId, reason: 'CLIENT_REQUEST_REPLACED' });
    expect(moved.body.stopLossOrderTransaction).toMatchObject({ reason: 'REPLACEMENT', replacesOrderID: stopLossId, price: '0.50000' });
    const cleared = await tradeOrders({ takeProfit: null });
    expect(cleared.body.takeProfitOrderCancelTransaction).toMatchObject({ reason: 'CLIENT_REQUEST' });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}', url: `${acct}/trades/${tradeId}` })).body.trade).toMatchObject({ stopLossOrder: { price: '0.50000', state: 'PENDING' } });
    expect((await tradeOrders({ takeProfit: { distance: '0.1' } })).body).toMatchObject({ errorCode: 'PRICE_MISSING', takeProfitOrderRejectTransaction: { type: 'TAKE_PROFIT_ORDER_REJECT' } });
    // Each refusal under v20's own reason (the validator checks every rejectReason against its enum).
    expect((await tradeOrders({ stopLoss: { price: '0.50000', distance: '0.01' } })).body).toMatchObject({ errorCode: 'STOP_LOSS_ORDER_PRICE_AND_DISTANCE_BOTH_SPECIFIED' });
    expect((await tradeOrders({ takeProfit: { price: '1.9000001' } })).body).toMatchObject({ errorCode: 'PRICE_PRECISION_EXCEEDED' });
    expect((await tradeOrders({ stopLoss: { distance: '-1' } })).body).toMatchObject({ errorCode: 'PRICE_DISTANCE_INVALID' });
    expect((await tradeOrders({ trailingStopLoss: { distance: '0.0001' } })).body).toMatchObject({ errorCode: 'PRICE_DISTANCE_MINIMUM_NOT_MET' });
    expect((await tradeOrders({ trailingStopLoss: { distance: '0.00100' } })).body.trailingStopLossOrderTransaction).toMatchObject({ type: 'TRAILING_STOP_LOSS_ORDER', distance: '0.00100' });
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}', url: `${acct}/trades/${tradeId}` })).body.trade).toMatchObject({ trailingStopLossOrder: { state: 'PENDING', trailingStopValue: expect.any(String) } });
    expect((await call(order({ type: 'MARKET', instrument: 'EUR_USD', units: '100', stopLossOnFill: { price: '0.5', distance: '0.1' } }))).body).toMatchObject({ errorCode: 'STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED' });
    expect((await call(order({ type: 'MARKET', instrument: 'EUR_USD', units: '100', trailingStopLossOnFill: { distance: '2' } }))).body).toMatchObject({ errorCode: 'TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MAXIMUM_EXCEEDED' });
    const badTag = await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions', url: `${acct}/trades/${tradeId}/clientExtensions`, body: { clientExtensions: { tag: 7 } } });
    expect(badTag.body).toMatchObject({ errorCode: 'CLIENT_TRADE_TAG_INVALID' });
    expect((await call({ method: 'PUT', specPath: '/accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions', url: `${acct}/trades/${tradeId}/clientExtensions`, body: {} })).body).toMatchObject({ errorCode: 'CLIENT_EXTENSIONS_DATA_MISSING' });

    const changes = await call({ method: 'GET', specPath: '/accounts/{accountID}/changes', url: `${acct}/changes?sinceTransactionID=${Number(tradeId) - 1}` });
    type Changes = { changes: { tradesOpened: Array<{ id: string }>; ordersCancelled: Array<{ id: string }>; transactions: Array<{ id: string }> }; state: { trades: Array<{ id: string }> } };
    const { changes: changed, state } = changes.body as unknown as Changes;
    expect(changed.tradesOpened.map((trade) => trade.id)).toEqual([tradeId]);
    expect(changed.ordersCancelled.map((cancelled) => cancelled.id)).toContain(stopLossId);
    expect(changed.transactions[0]!.id).toBe(tradeId);
    expect(state.trades.map((trade) => trade.id)).toContain(tradeId);
    expect((await call({ method: 'GET', specPath: '/accounts/{accountID}/changes', url: `${acct}/changes?sinceTransactionID=-1` })).status).toBe(416);
  });

  /** The JSON lines of one of the simulator's streams, as they arrive, until closed. */
  function readStream(path: string): { lines: Array<Record<string, unknown>>; close(): void } {
    const lines: Array<Record<string, unknown>> = [];
    const request = httpRequest(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const complete = buffer.split('\n');
        buffer = complete.pop()!;
        lines.push(...complete.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
      });
    });
    request.on('error', () => undefined);
    request.end();
    return { lines, close: () => request.destroy() };
  }
  const arrived = (stream: { lines: Array<Record<string, unknown>> }, type: string) =>
    waitFor(`a ${type} line`, async () => (stream.lines.some((line) => line.type === type) ? true : undefined), 30_000, 20);

  it('streams TRANSACTION and HEARTBEAT lines that match Transaction and TransactionHeartbeat', async () => {
    const stream = readStream(`${acct}/transactions/stream`);
    try {
      await arrived(stream, 'HEARTBEAT');
      await call(order({ type: 'MARKET', instrument: 'EUR_USD', units: '7' }));
      await arrived(stream, 'ORDER_FILL');
    } finally {
      stream.close();
    }
    expect(stream.lines.filter((line) => line.type !== 'HEARTBEAT').map((line) => line.type)).toEqual(['MARKET_ORDER', 'ORDER_FILL']);
    for (const line of stream.lines) {
      expect(validator.definition(line.type === 'HEARTBEAT' ? 'TransactionHeartbeat' : 'Transaction', line)).toEqual([]);
    }
  });

  it('streams PRICE and HEARTBEAT lines that match ClientPrice and PricingHeartbeat', async () => {
    const stream = readStream(`${acct}/pricing/stream?instruments=EUR_USD,EUR_JPY`);
    try {
      await arrived(stream, 'HEARTBEAT');
    } finally {
      stream.close();
    }
    expect(stream.lines.filter((l) => l.type === 'PRICE').map((l) => l.instrument).sort()).toEqual(['EUR_JPY', 'EUR_USD']);
    for (const line of stream.lines) {
      expect(validator.definition(line.type === 'PRICE' ? 'ClientPrice' : 'PricingHeartbeat', line)).toEqual([]);
    }
  });

  it("validates a closed market's answers: prices not tradeable, a MARKET order and a close cancelled MARKET_HALTED", async () => {
    // Friday 16 January 2026, a minute before the 17:00 New York (22:00 UTC) weekly close.
    const weekly = await startVenueSimulator({ port: 0, tokens: [TOKEN], marketHours: 'oanda', virtualClock: { startMs: Date.UTC(2026, 0, 16, 21, 59) }, historyStartMs: Date.UTC(2025, 0, 1) });
    try {
      const opened = await call({ ...order({ type: 'MARKET', instrument: 'EUR_USD', units: '1000' }), sim: weekly });
      expect(opened.body.orderFillTransaction).toBeDefined();
      weekly.advanceClock(24 * 3_600_000);
      const pricing = await call({ method: 'GET', specPath: '/accounts/{accountID}/pricing', url: `${acct}/pricing?instruments=EUR_USD`, sim: weekly });
      expect(pricing.body.prices).toEqual([expect.objectContaining({ tradeable: false, status: 'non-tradeable', time: expect.stringMatching(/^2026-01-16T21:59:59/) })]);
      const halted = await call({ ...order({ type: 'MARKET', instrument: 'EUR_USD', units: '1000' }), sim: weekly });
      expect(halted.body.orderCancelTransaction).toMatchObject({ reason: 'MARKET_HALTED' });
      const close = { method: 'PUT', specPath: '/accounts/{accountID}/positions/{instrument}/close', url: `${acct}/positions/EUR_USD/close`, body: { longUnits: 'ALL' }, sim: weekly } as const;
      expect((await call(close)).body.longOrderCancelTransaction).toMatchObject({ reason: 'MARKET_HALTED' });
      const saturday = await call({ method: 'GET', specPath: '/accounts/{accountID}/instruments/{instrument}/candles', url: `${acct}/instruments/EUR_USD/candles?granularity=H1&count=2`, sim: weekly });
      expect((saturday.body.candles as Array<{ time: string }>).map((c) => c.time)).toEqual(['2026-01-16T20:00:00.000000000Z', '2026-01-16T21:00:00.000000000Z']);
      weekly.advanceClock(24 * 3_600_000 + 120_000); // past 22:00 UTC on Sunday: open again
      expect((await call(close)).body.longOrderFillTransaction).toMatchObject({ units: '-1000' });
    } finally {
      await weekly.close();
    }
  });

  it('validates fills against a book of finite depth: a fill-or-kill order beyond it is cancelled, an immediate-or-cancel one fills in part', async () => {
    const thin = await startVenueSimulator({ port: 0, tokens: [TOKEN], liquidity: 1000, clock: () => nowMs, historyStartMs: Date.UTC(2025, 0, 1) });
    try {
      const pricing = await call({ method: 'GET', specPath: '/accounts/{accountID}/pricing', url: `${acct}/pricing?instruments=USD_CHF`, sim: thin });
      expect(pricing.body.prices).toEqual([expect.objectContaining({ bids: [expect.objectContaining({ liquidity: 1000 })], asks: [expect.objectContaining({ liquidity: 1000 })] })]);
      const killed = await call({ ...order({ type: 'MARKET', instrument: 'USD_CHF', units: '1500' }), sim: thin });
      expect(killed.body.orderFillTransaction).toBeUndefined();
      expect(killed.body.orderCancelTransaction).toMatchObject({ reason: 'INSUFFICIENT_LIQUIDITY' });
      const partial = await call({ ...order({ type: 'MARKET', instrument: 'USD_CHF', units: '-1500', timeInForce: 'IOC' }), sim: thin });
      expect(partial.body.orderFillTransaction).toMatchObject({ units: '-1000' });
      expect(partial.body.orderCancelTransaction).toMatchObject({ reason: 'INSUFFICIENT_LIQUIDITY', orderID: (partial.body.orderCreateTransaction as { id: string }).id });
      expect((await call({ ...order({ type: 'MARKET', instrument: 'USD_CHF', units: '1000' }), sim: thin })).body.orderFillTransaction).toMatchObject({ units: '1000' });
    } finally {
      await thin.close();
    }
  });

  it('covered every operation the adapter uses and those it may (the streams are checked line by line above)', () => {
    const operations = new Set([...checked].map((c) => c.split(' ').slice(0, 2).join(' ')));
    expect([...operations].sort()).toEqual([
      'GET /accounts', 'GET /accounts/{accountID}', 'GET /accounts/{accountID}/changes', 'GET /accounts/{accountID}/instruments',
      'GET /accounts/{accountID}/instruments/{instrument}/candles', 'GET /accounts/{accountID}/openPositions',
      'GET /accounts/{accountID}/openTrades', 'GET /accounts/{accountID}/orders', 'GET /accounts/{accountID}/orders/{orderSpecifier}',
      'GET /accounts/{accountID}/pendingOrders', 'GET /accounts/{accountID}/positions', 'GET /accounts/{accountID}/positions/{instrument}',
      'GET /accounts/{accountID}/pricing', 'GET /accounts/{accountID}/summary', 'GET /accounts/{accountID}/trades',
      'GET /accounts/{accountID}/trades/{tradeSpecifier}', 'GET /accounts/{accountID}/transactions',
      'GET /accounts/{accountID}/transactions/idrange', 'GET /accounts/{accountID}/transactions/sinceid',
      'GET /accounts/{accountID}/transactions/{transactionID}', 'GET /instruments/{instrument}/candles',
      'PATCH /accounts/{accountID}/configuration', 'POST /accounts/{accountID}/orders',
      'PUT /accounts/{accountID}/orders/{orderSpecifier}', 'PUT /accounts/{accountID}/orders/{orderSpecifier}/cancel',
      'PUT /accounts/{accountID}/orders/{orderSpecifier}/clientExtensions',
      'PUT /accounts/{accountID}/positions/{instrument}/close', 'PUT /accounts/{accountID}/trades/{tradeSpecifier}/clientExtensions',
      'PUT /accounts/{accountID}/trades/{tradeSpecifier}/close', 'PUT /accounts/{accountID}/trades/{tradeSpecifier}/orders',
    ]);
  });
});
