import { explainPositions, type BrokerHoldings, type ProductBook } from '../../../../domain/reconciliation/explain-positions';

const book = (units: Record<string, number>, known: string[] = [], accepted: string[] = []): ProductBook => ({
  units, knownClientOrderIds: new Set(known), acceptedTradeIds: new Set(accepted),
});

describe('explainPositions', () => {
  it('finds nothing when every trade was opened by a known order and the units agree', () => {
    const broker: BrokerHoldings = {
      positions: { EUR_USD: 1500 },
      trades: [
        { tradeId: '10', instrument: 'EUR_USD', currentUnits: 1000, clientTradeId: 'wf-1' },
        { tradeId: '12', instrument: 'EUR_USD', currentUnits: 500, clientTradeId: 'hp-7' },
      ],
    };
    expect(explainPositions(broker, book({ EUR_USD: 1500 }, ['wf-1', 'hp-7']))).toEqual([]);
  });

  it('flags a trade no known order opened, and the units the fills of known orders do not explain', () => {
    const broker: BrokerHoldings = {
      positions: { EUR_USD: 1000, GBP_USD: -300 },
      trades: [
        { tradeId: '10', instrument: 'EUR_USD', currentUnits: 1000, clientTradeId: 'wf-1' },
        { tradeId: '15', instrument: 'GBP_USD', currentUnits: -300 },
      ],
    };
    expect(explainPositions(broker, book({ EUR_USD: 1000 }, ['wf-1']))).toEqual([
      { kind: 'unexplained_trade', instrument: 'GBP_USD', tradeId: '15', brokerUnits: -300, bookUnits: 0 },
      { kind: 'units_differ', instrument: 'GBP_USD', tradeId: '', brokerUnits: -300, bookUnits: 0 },
    ]);
  });

  it('flags units the books hold and the broker does not (a position closed outside the product)', () => {
    expect(explainPositions({ positions: {}, trades: [] }, book({ USD_JPY: 2000 }))).toEqual([
      { kind: 'units_differ', instrument: 'USD_JPY', tradeId: '', brokerUnits: 0, bookUnits: 2000 },
    ]);
  });

  it('treats a trade with a client id of another account, or none, as unexplained unless an admin accepted it', () => {
    const broker: BrokerHoldings = { positions: { EUR_USD: 200 }, trades: [{ tradeId: '20', instrument: 'EUR_USD', currentUnits: 200, clientTradeId: 'elsewhere' }] };
    expect(explainPositions(broker, book({ EUR_USD: 200 }, ['wf-1'])).map((m) => m.kind)).toEqual(['unexplained_trade']);
    expect(explainPositions(broker, book({ EUR_USD: 200 }, ['wf-1'], ['20']))).toEqual([]);
  });
});
