import { orderRequestBody } from '../../../infra/broker/oanda/order-request-body';
import { pathSegment, v20Request } from '../../../infra/broker/oanda/v20-request';

describe('requests built by the @oanda/v20 endpoint definitions', () => {
  it('builds paths and query strings without sending anything', () => {
    expect(v20Request((v20, done) => v20.account.summary('101-001-0000001-001', done))).toEqual({
      method: 'GET',
      path: '/v3/accounts/101-001-0000001-001/summary',
      body: undefined,
    });
    expect(v20Request((v20, done) => v20.instrument.candles('EUR_USD', { price: 'MB', granularity: 'M5', count: 10 }, done)).path).toBe(
      '/v3/instruments/EUR_USD/candles?price=MB&granularity=M5&count=10&',
    );
  });

  it('escapes caller-chosen ids that the library would paste into the path', () => {
    const request = v20Request((v20, done) => v20.order.get('acc', pathSegment('@wf/1 step#2'), done));
    expect(request.path).toBe('/v3/accounts/acc/orders/%40wf%2F1%20step%232');
  });

  it('sends the order body under `order`', () => {
    const order = { type: 'MARKET', instrument: 'EUR_USD', units: '100' };
    expect(v20Request((v20, done) => v20.order.create('acc', { order }, done))).toEqual({ method: 'POST', path: '/v3/accounts/acc/orders', body: { order } });
  });
});

describe('orderRequestBody', () => {
  it('writes a market order with the client id, a stop-loss distance and a take-profit price', () => {
    const body = orderRequestBody({
      type: 'MARKET',
      clientOrderId: 'wf-9-step-2',
      instrument: 'EUR_USD',
      units: -2500,
      stopLossOnFill: { distanceQuote: 0.0025 },
      takeProfitOnFill: { priceQuote: 1.0712 },
      clientComment: 'analysis-to-trade',
    });
    expect(body).toEqual({
      type: 'MARKET',
      instrument: 'EUR_USD',
      units: '-2500',
      timeInForce: 'FOK',
      positionFill: 'DEFAULT',
      clientExtensions: { id: 'wf-9-step-2', comment: 'analysis-to-trade' },
      tradeClientExtensions: { id: 'wf-9-step-2' },
      stopLossOnFill: { distance: '0.00250', timeInForce: 'GTC' },
      takeProfitOnFill: { price: '1.07120', timeInForce: 'GTC' },
    });
  });

  it('writes a good-till-date limit order', () => {
    const body = orderRequestBody({
      type: 'LIMIT',
      clientOrderId: 'c-2',
      instrument: 'USD_JPY',
      units: 1000,
      priceQuote: 149.5,
      timeInForce: 'GTD',
      gtdTimeMs: Date.UTC(2026, 0, 5, 12),
      stopLossOnFill: { priceQuote: 148.9 },
    });
    expect(body).toMatchObject({ type: 'LIMIT', price: '149.500', timeInForce: 'GTD', gtdTime: '2026-01-05T12:00:00.000Z', stopLossOnFill: { price: '148.900' } });
  });

  it('truncates units toward zero at the instrument\'s precision, never rounding up past what sizing allowed', () => {
    const units = (value: number) => orderRequestBody({ type: 'MARKET', clientOrderId: 'c', instrument: 'EUR_USD', units: value }).units;
    expect([units(1.6), units(-1.6), units(1000.99), units(-2), units(1)]).toEqual(['1', '-1', '1000', '-2', '1']);
  });

  it('refuses requests the venue would reject anyway, saying why', () => {
    expect(() => orderRequestBody({ type: 'MARKET', clientOrderId: '', instrument: 'EUR_USD', units: 1 })).toThrow('clientOrderId must be 1..128 characters, got 0');
    expect(() => orderRequestBody({ type: 'MARKET', clientOrderId: 'c', instrument: 'EUR_USD', units: 0 })).toThrow("units 0 are zero at EUR_USD's unit precision");
    expect(() => orderRequestBody({ type: 'MARKET', clientOrderId: 'c', instrument: 'EUR_USD', units: -0.4 })).toThrow("units -0.4 are zero at EUR_USD's unit precision (sent as 0)");
    expect(() => orderRequestBody({ type: 'MARKET', clientOrderId: 'c', instrument: 'EUR_USD', units: Number.NaN })).toThrow('units must be a finite number, got NaN');
    expect(() => orderRequestBody({ type: 'LIMIT', clientOrderId: 'c', instrument: 'EUR_USD', units: 1, priceQuote: 1.1, timeInForce: 'GTD' })).toThrow(
      'timeInForce GTD needs gtdTimeMs',
    );
  });
});
